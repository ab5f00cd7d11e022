package pe.centralunica.app.demo;

import pe.centralunica.console.config.ConfigurationException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One demo per data directory. Taken before anything else starts, so a second demo on the same directory says
 * what to do instead of failing deep inside the embedded database ("could not lock …/epg-lock") or on a port.
 * The operating system releases the lock when the process ends, however it ends.
 */
public final class DemoDirectoryLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DemoDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static DemoDirectoryLock take(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve("demo.lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw alreadyRunning(dataDir);
            }
            return new DemoDirectoryLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw alreadyRunning(dataDir);
        } catch (ConfigurationException e) {
            closeQuietly(channel);
            throw e;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ConfigurationException("CU_DATA_DIR", "cannot use " + dataDir.toAbsolutePath() + " (" + e.getMessage()
                    + "); point CU_DATA_DIR at a writable directory");
        }
    }

    private static ConfigurationException alreadyRunning(Path dataDir) {
        return new ConfigurationException("CU_DATA_DIR", "another demo is already running on " + dataDir.toAbsolutePath()
                + "; use that one (its console URL is in its output), stop it with Ctrl-C, or start this one with"
                + " CU_DATA_DIR=<another directory> CU_HTTP_PORT=0 CU_AGI_PORT=0 CU_DEMO_AMI_PORT=0");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing held yet: nothing to release.
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // The process is ending; the operating system drops the lock anyway.
        }
    }
}
