package dev.cocreate.upload;

/** A file as it is stored: its bytes (an image's re-encoding, a PDF as sent), type, pixels (an image's only) and hash. */
record StoredFile(byte[] bytes, String mediaType, String ext, Integer width, Integer height, String sha256) {}
