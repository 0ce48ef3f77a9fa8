package io.tearline.store.accumulo.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Cell values as length-prefixed fields (strings as modified UTF-8, ints, booleans, longs). */
public final class Codec {

    private Codec() {}

    /** Builds one value. */
    public static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        public Out str(String s) {
            try {
                byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public Out i(int v) {
            try {
                out.writeInt(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public Out l(long v) {
            try {
                out.writeLong(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public Out b(boolean v) {
            return i(v ? 1 : 0);
        }

        public Out strs(List<String> list) {
            i(list.size());
            list.forEach(this::str);
            return this;
        }

        public byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    /** Reads one value back, field by field in the order written. */
    public static final class In {
        private final DataInputStream in;

        public In(byte[] value) {
            this.in = new DataInputStream(new ByteArrayInputStream(value));
        }

        public String str() {
            try {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                return new String(b, java.nio.charset.StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public int i() {
            try {
                return in.readInt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public long l() {
            try {
                return in.readLong();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public boolean b() {
            return i() != 0;
        }

        public List<String> strs() {
            int n = i();
            List<String> out = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                out.add(str());
            }
            return out;
        }
    }
}
