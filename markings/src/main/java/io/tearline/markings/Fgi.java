package io.tearline.markings;

import java.util.List;

/** Foreign government information inside a US product; no sources means the source is concealed. */
public record Fgi(List<String> sources) {
    public Fgi {
        sources = List.copyOf(sources);
    }

    public boolean concealed() {
        return sources.isEmpty();
    }
}
