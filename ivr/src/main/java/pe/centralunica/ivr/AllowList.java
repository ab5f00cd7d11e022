package pe.centralunica.ivr;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Asterisk hosts allowed to open FastAGI sessions, as addresses or CIDR blocks
 * ({@code 127.0.0.1, ::1, 10.20.0.0/16}). Anyone else is refused before a byte is read, so a stranger can
 * neither run our scripts nor see call data.
 */
public record AllowList(List<Block> blocks) {

    public AllowList {
        blocks = List.copyOf(blocks);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("the allow list is empty: no Asterisk could reach the IVR");
        }
    }

    /** Loopback only: an Asterisk on the same host. */
    public static AllowList loopback() {
        return parse("127.0.0.0/8,::1");
    }

    /** Parses a comma-separated list; literal IP addresses only (no host names: no DNS on the call path). */
    public static AllowList parse(String spec) {
        List<Block> blocks = new ArrayList<>();
        for (String raw : spec.split(",")) {
            String item = raw.trim();
            if (!item.isEmpty()) {
                blocks.add(Block.parse(item));
            }
        }
        return new AllowList(blocks);
    }

    public boolean allows(InetAddress address) {
        for (Block b : blocks) {
            if (b.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.join(",", blocks.stream().map(Block::toString).toList());
    }

    /** One address block. */
    public record Block(byte[] network, int prefixLength) {

        static Block parse(String item) {
            int slash = item.indexOf('/');
            String addressPart = slash < 0 ? item : item.substring(0, slash);
            if (!addressPart.matches("[0-9a-fA-F:.]+") || (!addressPart.contains(":") && !addressPart.matches("[0-9.]+"))) {
                throw new IllegalArgumentException("'" + item + "' is not an IP address or CIDR block");
            }
            byte[] bytes;
            try {
                bytes = InetAddress.getByName(addressPart).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + item + "' is not an IP address or CIDR block");
            }
            int max = bytes.length * 8;
            int prefix = max;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(item.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + item + "' has a bad prefix length");
                }
                if (prefix < 0 || prefix > max) {
                    throw new IllegalArgumentException("'" + item + "' has a prefix length outside 0.." + max);
                }
            }
            return new Block(bytes, prefix);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            int full = prefixLength / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixLength % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (candidate[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
