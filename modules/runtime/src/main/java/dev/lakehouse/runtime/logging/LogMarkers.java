package dev.lakehouse.runtime.logging;

import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/** Markers the logging configuration (conf/log4j2.xml) acts on. */
public final class LogMarkers {
    /**
     * Details for the log file only: the command line already tells the user in one line (a failed start),
     * so the console must not repeat it with a stack trace.
     */
    public static final Marker FILE_ONLY = MarkerFactory.getMarker("FILE_ONLY");

    private LogMarkers() {
    }
}
