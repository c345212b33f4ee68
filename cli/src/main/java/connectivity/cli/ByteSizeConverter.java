package connectivity.cli;

import connectivity.net.support.ByteSizes;
import picocli.CommandLine;

/** Every option that takes a byte count or a rate reads it this way: "1048576", "256K", "10M", "2G" (powers of 1024). */
public final class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return ByteSizes.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
