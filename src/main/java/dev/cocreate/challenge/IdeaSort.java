package dev.cocreate.challenge;

/**
 * How a challenge's ideas are listed: most supported, newest, or most supported in the last 72
 * hours. Each order has its own keyset.
 */
public enum IdeaSort {
  SUPPORT, RECENT, TRENDING
}
