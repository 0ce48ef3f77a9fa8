package io.tearline.server.release;

public record Finding(String check, int portion, int offset, String message, String evidence) {}
