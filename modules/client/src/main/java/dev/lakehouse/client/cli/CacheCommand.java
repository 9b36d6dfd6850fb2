package dev.lakehouse.client.cli;

import dev.lakehouse.launcher.PayloadCache;
import picocli.CommandLine.Command;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code lakehouse cache [clean]}: the unpacked jars in ~/.cache/lakehouse, about a gigabyte per build. */
@Command(name = "cache", mixinStandardHelpOptions = true, header = "Show or free the jars lakehouse.jar unpacked.",
        description = "The jars lakehouse.jar unpacks into ~/.cache/lakehouse (LAKEHOUSE_CACHE_DIR moves it), one folder per"
                + " build, with its startup cache. A new build removes the folders no running lakehouse uses.",
        subcommands = CacheCommand.Clean.class)
public final class CacheCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        Path root = PayloadCache.defaultRoot();
        List<PayloadCache.Version> versions = PayloadCache.versions(root);
        if (versions.isEmpty()) {
            Terminal.OUT.println("The cache " + root + " is empty.");
            return ExitCodes.OK;
        }
        long total = 0;
        for (PayloadCache.Version version : versions) {
            Terminal.OUT.printf(Locale.ROOT, "%9s  %-6s  %s%n", megabytes(version.bytes()), version.inUse() ? "in use" : "", version.directory());
            total += version.bytes();
        }
        Terminal.OUT.printf(Locale.ROOT, "%9s  in all; 'lakehouse cache clean' removes what no running lakehouse uses%n", megabytes(total));
        return ExitCodes.OK;
    }

    @Command(name = "clean", mixinStandardHelpOptions = true,
            header = "Remove every unpacked build no running lakehouse uses.")
    static final class Clean implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            List<PayloadCache.Version> removed = PayloadCache.clean(PayloadCache.defaultRoot());
            long freed = removed.stream().mapToLong(PayloadCache.Version::bytes).sum();
            removed.forEach(version -> Terminal.OUT.println("removed " + version.directory()));
            Terminal.OUT.printf(Locale.ROOT, "Freed %s in %s.%n", megabytes(freed), PayloadCache.defaultRoot());
            return ExitCodes.OK;
        }
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%,d MB", bytes / (1024 * 1024));
    }
}
