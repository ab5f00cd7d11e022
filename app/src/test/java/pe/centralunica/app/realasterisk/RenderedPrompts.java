package pe.centralunica.app.realasterisk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The project's own prompts, rendered by {@code ivr/prompts/render.sh} into an Asterisk sounds directory. */
final class RenderedPrompts {

    private RenderedPrompts() {
    }

    /** The first of espeak-ng, sox that is not on the PATH. */
    static Optional<String> missingTool() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        for (String tool : List.of("espeak-ng", "sox")) {
            boolean found = false;
            for (String dir : path.split(":")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return Optional.of(tool);
            }
        }
        return Optional.empty();
    }

    /** Renders every prompt of the catalogue into {@code sounds/<language>/<name>.wav}. */
    static void renderInto(Path sounds) throws IOException, InterruptedException {
        Path script = repositoryRoot().resolve("ivr/prompts/render.sh");
        AsteriskInstall.run(List.of("bash", script.toString(), sounds.toString()), Map.of(), 300);
    }

    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("ivr/prompts/render.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("ivr/prompts/render.sh not found above " + Path.of("").toAbsolutePath());
    }
}
