package connectivity.cli.web;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether a person is watching: progress bars are drawn only then. */
public final class Terminal {
    private Terminal() {}

    public static boolean interactive() {
        Console console = System.console();
        if (console == null) return false;
        // Since Java 22 System.console() exists even when redirected; isTerminal() tells the truth there.
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: a console is only there on a terminal
        }
    }
}
