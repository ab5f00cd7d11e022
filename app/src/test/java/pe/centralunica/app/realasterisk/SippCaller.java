package pe.centralunica.app.realasterisk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A citizen's call as a SIP phone makes it: sipp (Debian package sip-tester) dials the number over PJSIP from the
 * carrier trunk's address, offers PCMU with RFC 4733 telephone-events, and after {@code keyAfterMs} sends one key
 * as RTP events (a pcap this class writes: sipp replays it to Asterisk's media port). It then waits for Asterisk's
 * BYE (the test hangs the call up once it is queued).
 */
final class SippCaller implements AutoCloseable {

    private final Process process;
    private final Path workDir;

    private SippCaller(Process process, Path workDir) {
        this.process = process;
        this.workDir = workDir;
    }

    static Optional<Path> executable() {
        return Stream.concat(Stream.of("/usr/bin/sipp", "/usr/local/bin/sipp"),
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).map(d -> d + "/sipp"))
                .map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /** Dials {@code number} at Asterisk's PJSIP port from {@code localPort}, as {@code callerId}. */
    static SippCaller dial(String number, String callerId, int asteriskSipPort, int localPort, char key, long keyAfterMs,
                           Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path pcap = workDir.resolve("dtmf-" + key + ".pcap");
        Files.write(pcap, rfc4733Pcap(key));
        Path scenario = workDir.resolve("uac-" + callerId + ".xml");
        Files.writeString(scenario, scenario(pcap, keyAfterMs));
        int mediaPort = RealAsterisk.freePort();
        Process p = new ProcessBuilder(List.of(executable().orElseThrow().toString(), "127.0.0.1:" + asteriskSipPort,
                "-sf", scenario.toString(), "-s", number, "-i", "127.0.0.1", "-p", Integer.toString(localPort),
                "-mi", "127.0.0.1", "-mp", Integer.toString(mediaPort), "-m", "1", "-nostdin", "-timeout", "90s",
                "-set", "caller", callerId, "-trace_msg", "-message_file", workDir.resolve("sipp-" + callerId + "-messages.log").toString()))
                .redirectErrorStream(true).redirectOutput(workDir.resolve("sipp-" + callerId + ".out").toFile()).start();
        return new SippCaller(p, workDir);
    }

    /** sipp's exit code once the call ended (0: every step of the scenario passed). */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("sipp still running after " + seconds + " s; see " + workDir);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }

    private static String scenario(Path pcap, long keyAfterMs) {
        return """
                <?xml version="1.0" encoding="ISO-8859-1" ?>
                <scenario name="Central Unica: a caller on the carrier trunk pressing one key as RFC 4733 events">
                  <Global variables="caller"/>
                  <send retrans="500">
                    <![CDATA[
                      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                      From: <sip:[$caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                      To: <sip:[service]@[remote_ip]:[remote_port]>
                      Call-ID: [call_id]
                      CSeq: 1 INVITE
                      Contact: <sip:[$caller]@[local_ip]:[local_port]>
                      Max-Forwards: 70
                      Content-Type: application/sdp
                      Content-Length: [len]

                      v=0
                      o=caller 53655765 2353687637 IN IP[local_ip_type] [local_ip]
                      s=-
                      c=IN IP[media_ip_type] [media_ip]
                      t=0 0
                      m=audio [media_port] RTP/AVP 0 101
                      a=rtpmap:0 PCMU/8000
                      a=rtpmap:101 telephone-event/8000
                      a=fmtp:101 0-16
                      a=sendrecv
                    ]]>
                  </send>
                  <recv response="100" optional="true"/>
                  <recv response="180" optional="true"/>
                  <recv response="183" optional="true"/>
                  <recv response="200" rtd="true"/>
                  <send>
                    <![CDATA[
                      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                      From: <sip:[$caller]@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
                      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
                      Call-ID: [call_id]
                      CSeq: 1 ACK
                      Contact: <sip:[$caller]@[local_ip]:[local_port]>
                      Max-Forwards: 70
                      Content-Length: 0

                    ]]>
                  </send>
                  <pause milliseconds="%d"/>
                  <nop><action><exec play_pcap_audio="%s"/></action></nop>
                  <recv request="BYE" timeout="60000"/>
                  <send>
                    <![CDATA[
                      SIP/2.0 200 OK
                      [last_Via:]
                      [last_From:]
                      [last_To:]
                      [last_Call-ID:]
                      [last_CSeq:]
                      Content-Length: 0

                    ]]>
                  </send>
                </scenario>
                """.formatted(keyAfterMs, pcap);
    }

    /**
     * One key as RFC 4733 telephone-events (payload type 101), 20 ms apart: a start packet with the marker bit,
     * growing durations, then the end packet three times — Ethernet/IPv4/UDP framing, as sipp reads a capture.
     */
    static byte[] rfc4733Pcap(char key) {
        int event = "0123456789*#".indexOf(key) < 10 ? key - '0' : key == '*' ? 10 : 11;
        int packets = 8 + 3;
        int rtpLen = 12 + 4;
        int frameLen = 14 + 20 + 8 + rtpLen;
        ByteBuffer b = ByteBuffer.allocate(24 + packets * (16 + frameLen));
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(65535).putInt(1);
        for (int i = 0; i < packets; i++) {
            boolean end = i >= 8;
            int duration = 160 * Math.min(i + 1, 8);
            b.order(ByteOrder.LITTLE_ENDIAN).putInt(1_700_000_000).putInt(i * 20_000).putInt(frameLen).putInt(frameLen);
            b.order(ByteOrder.BIG_ENDIAN);
            b.put(new byte[12]).putShort((short) 0x0800);                                      // Ethernet
            b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + rtpLen)).putShort((short) i).putShort((short) 0)
                    .put((byte) 64).put((byte) 17).putShort((short) 0).put(new byte[]{127, 0, 0, 1}).put(new byte[]{127, 0, 0, 1});
            b.putShort((short) 40000).putShort((short) 40002).putShort((short) (8 + rtpLen)).putShort((short) 0);   // UDP
            b.put((byte) 0x80).put((byte) ((i == 0 ? 0x80 : 0) | 101)).putShort((short) (1000 + i)).putInt(160_000)
                    .putInt(0x43550911);                                                       // RTP, one timestamp per event
            b.put((byte) event).put((byte) ((end ? 0x80 : 0) | 10)).putShort((short) duration);
        }
        return b.array();
    }
}
