package dev.bulklaunch.input;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An exact set of lead IDs in little heap, for de-duplicating millions of them: each ID is stored once
 * as a length-prefixed UTF-8 run in a growable byte arena, and an open-addressing table of arena
 * offsets finds it. No object per entry: about 20-30 bytes per 10-character ID. Not thread-safe.
 */
public final class LeadIdSet {

  private static final int EMPTY = 0;

  private byte[] arena = new byte[4096];
  private int arenaUsed;
  private int[] slots = new int[1024];
  private int size;
  private byte[] scratch = new byte[128];
  private int scratchLength;

  /** Adds {@code id}; true when it was not there yet. */
  public boolean add(String id) {
    encode(id);
    int slot = slotOf(scratch, 0, scratchLength);
    if (slots[slot] != EMPTY) {
      return false;
    }
    slots[slot] = store() + 1;
    if (++size > slots.length - (slots.length >>> 2)) {
      doubleTable();
    }
    return true;
  }

  public boolean contains(String id) {
    encode(id);
    return slots[slotOf(scratch, 0, scratchLength)] != EMPTY;
  }

  public int size() {
    return size;
  }

  /** The slot holding these bytes, or the empty slot where they would go. */
  private int slotOf(byte[] bytes, int from, int length) {
    int mask = slots.length - 1;
    int i = hash(bytes, from, length) & mask;
    while (slots[i] != EMPTY && !storedEquals(slots[i] - 1, bytes, from, length)) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private boolean storedEquals(int offset, byte[] bytes, int from, int length) {
    int storedLength = lengthAt(offset);
    if (storedLength != length) {
      return false;
    }
    int start = offset + lengthPrefixSize(storedLength);
    return Arrays.equals(arena, start, start + length, bytes, from, from + length);
  }

  private int store() {
    int needed = lengthPrefixSize(scratchLength) + scratchLength;
    if (arena.length - arenaUsed < needed) {
      long grown = Math.max((long) arena.length + (arena.length >>> 1), (long) arenaUsed + needed);
      if (grown > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("LeadIdSet is full (2 GB of IDs)");
      }
      arena = Arrays.copyOf(arena, (int) grown);
    }
    int offset = arenaUsed;
    int length = scratchLength;
    while (length >= 0x80) {
      arena[arenaUsed++] = (byte) (length | 0x80);
      length >>>= 7;
    }
    arena[arenaUsed++] = (byte) length;
    System.arraycopy(scratch, 0, arena, arenaUsed, scratchLength);
    arenaUsed += scratchLength;
    return offset;
  }

  private int lengthAt(int offset) {
    int length = 0;
    int shift = 0;
    byte b;
    do {
      b = arena[offset++];
      length |= (b & 0x7F) << shift;
      shift += 7;
    } while (b < 0);
    return length;
  }

  private static int lengthPrefixSize(int length) {
    int size = 1;
    while (length >= 0x80) {
      length >>>= 7;
      size++;
    }
    return size;
  }

  private void doubleTable() {
    int[] old = slots;
    slots = new int[old.length * 2];
    for (int entry : old) {
      if (entry != EMPTY) {
        int offset = entry - 1;
        int length = lengthAt(offset);
        slots[slotOf(arena, offset + lengthPrefixSize(length), length)] = entry;
      }
    }
  }

  /** UTF-8 of {@code id} into the scratch buffer, without allocating for ASCII. */
  private void encode(String id) {
    int n = id.length();
    if (scratch.length < n) {
      scratch = new byte[Math.max(n, scratch.length * 2)];
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      if (c >= 0x80) {
        byte[] utf8 = id.getBytes(StandardCharsets.UTF_8);
        if (scratch.length < utf8.length) {
          scratch = new byte[utf8.length];
        }
        System.arraycopy(utf8, 0, scratch, 0, utf8.length);
        scratchLength = utf8.length;
        return;
      }
      scratch[i] = (byte) c;
    }
    scratchLength = n;
  }

  private static int hash(byte[] bytes, int from, int length) {
    int h = 0x811C9DC5;
    for (int i = from; i < from + length; i++) {
      h = (h ^ bytes[i]) * 0x01000193;
    }
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    return h;
  }
}
