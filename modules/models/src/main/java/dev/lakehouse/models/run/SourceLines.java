package dev.lakehouse.models.run;

/**
 * Maps a line of a model's compiled SQL back to its line in the file: the compiled line's text when the file has
 * it exactly once, else the same line number when rendering kept the line count. 0 when it cannot tell.
 */
final class SourceLines {
    private SourceLines() {
    }

    static int map(String raw, String compiled, int compiledLine) {
        String[] compiledLines = compiled.split("\n", -1);
        String[] rawLines = raw.split("\n", -1);
        if (compiledLine < 1 || compiledLine > compiledLines.length) {
            return 0;
        }
        String text = compiledLines[compiledLine - 1].strip();
        if (!text.isEmpty()) {
            int found = 0;
            int count = 0;
            for (int i = 0; i < rawLines.length; i++) {
                if (rawLines[i].strip().equals(text)) {
                    found = i + 1;
                    count++;
                }
            }
            if (count == 1) {
                return found;
            }
        }
        return compiledLines.length == rawLines.length || compiledLines.length == rawLines.length - 1 ? compiledLine : 0;
    }
}
