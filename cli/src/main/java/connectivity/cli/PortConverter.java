package connectivity.cli;

import picocli.CommandLine;

/** The one range check for ports: 0..65535, where 0 asks the system for any free port. */
public final class PortConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        int port;
        try {
            port = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new CommandLine.TypeConversionException("not a port: " + value + " (0..65535; 0 picks any free port)");
        }
        return port;
    }
}
