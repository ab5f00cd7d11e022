package pe.centralunica.console.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A RIFF/WAVE file's playing time, from its header: data bytes / (sample rate × block align). */
final class WavDuration {

    private WavDuration() {
    }

    static long millis(Path wav) throws IOException {
        try (FileChannel ch = FileChannel.open(wav, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            read(ch, head, 0);
            if (head.getInt(0) != 0x46464952 || head.getInt(8) != 0x45564157) { // "RIFF", "WAVE"
                throw new IOException(wav + " is not a WAV file");
            }
            long pos = 12;
            int byteRate = 0;
            while (pos + 8 <= ch.size()) {
                ByteBuffer chunk = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                read(ch, chunk, pos);
                int id = chunk.getInt(0);
                long size = Integer.toUnsignedLong(chunk.getInt(4));
                if (id == 0x20746d66) { // "fmt "
                    ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                    read(ch, fmt, pos + 8);
                    byteRate = fmt.getInt(8);
                } else if (id == 0x61746164) { // "data"
                    if (byteRate <= 0) {
                        throw new IOException(wav + ": data before fmt");
                    }
                    // A recording still being written (or cut short) may claim more than the file holds.
                    long bytes = Math.min(size, ch.size() - pos - 8);
                    return bytes * 1000 / byteRate;
                }
                pos += 8 + size + (size & 1);
            }
            throw new IOException(wav + ": no data chunk");
        }
    }

    private static void read(FileChannel ch, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (ch.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("truncated WAV header");
            }
        }
    }
}
