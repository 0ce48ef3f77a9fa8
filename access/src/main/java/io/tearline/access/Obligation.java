package io.tearline.access;

/** Handling rules that come with a permitted read; the service enforces them. */
public enum Obligation {
    /** ORCON: no onward release without the originator's approval. */
    NO_ONWARD_RELEASE_WITHOUT_ORIGINATOR,
    /** REL TO: no redissemination beyond the release list. */
    NO_REDISSEMINATION_BEYOND_LIST,
    /** DISPLAY ONLY: view only; no copy, download or export. */
    NO_COPY_OR_EXPORT,
    /** PROPIN: no release outside the government without the originator's approval. */
    PROPRIETARY_ORIGINATOR_APPROVAL
}
