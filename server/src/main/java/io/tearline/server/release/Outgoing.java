package io.tearline.server.release;

/** One thing that would leave: a re-marked portion or a replacement, in the requester's numbering. */
public record Outgoing(int portion, boolean replacement, String marking, String text) {}
