package dev.lakehouse.models.jinja;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The project macros being evaluated on this thread, innermost first: where an error inside a macro really is
 * (its file), and the slot a macro's {@code return(...)} fills.
 */
final class MacroFrames {
    /** One macro call. */
    static final class Frame {
        final String macro;
        final String file;
        Object returned;
        boolean hasReturned;

        Frame(String macro, String file) {
            this.macro = macro;
            this.file = file;
        }
    }

    private static final ThreadLocal<Deque<Frame>> FRAMES = ThreadLocal.withInitial(ArrayDeque::new);

    private MacroFrames() {
    }

    static Frame push(String macro, String file) {
        Frame frame = new Frame(macro, file);
        FRAMES.get().push(frame);
        return frame;
    }

    static void pop() {
        FRAMES.get().pop();
    }

    /** The innermost macro call, or null outside any. */
    static Frame current() {
        return FRAMES.get().peek();
    }
}
