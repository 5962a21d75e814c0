package dev.cocreate.upload;

/** A file as a request brought it: its bytes, and its name as the browser sent it (or null). */
public record Received(byte[] bytes, String name) {}
