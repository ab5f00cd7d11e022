package pe.centralunica.app.realasterisk;

import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.asteriskjava.fastagi.MappingStrategy;
import org.asteriskjava.fastagi.AgiChannel;

import java.net.Socket;

/**
 * The stock asterisk-java FastAGI server — its own pool of 10–500 platform threads, its own socket handling
 * (3-hour read timeout) — serving {@link ProtocolFloorScript} for every request: {@link CostPerCallBench}
 * runs it in its own JVM as the floor the node's cost per call is compared with. Args: the port.
 */
public final class FloorAgiServer {

    private FloorAgiServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        ProtocolFloorScript script = new ProtocolFloorScript();
        DefaultAgiServer server = new DefaultAgiServer(new MappingStrategy() {
            @Override
            public AgiScript determineScript(AgiRequest request, AgiChannel channel) {
                return script;
            }
        });
        server.setPort(port);
        server.setAddress(java.net.InetAddress.getLoopbackAddress());
        Thread.ofPlatform().name("floor-accept").start(() -> {
            try {
                server.startup();
            } catch (Exception e) {
                e.printStackTrace();
                System.exit(2);
            }
        });
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                System.out.println("floor ready on " + port);
                break;
            } catch (java.io.IOException notYet) {
                Thread.sleep(50);
            }
        }
    }
}
