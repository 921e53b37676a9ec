package dev.conveyor.infra.test;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * What the application under test logs in some categories, each line with the MDC it was logged with: for tests of
 * the log contract (observability/LOGS.md). The MDC is read when the line is logged, on the thread and the Vert.x
 * context that logged it, as the console formatter reads it. Close it to stop capturing.
 */
public final class CapturedLogs extends Handler implements AutoCloseable {

    /**
     * One logged line.
     *
     * @param logger  its category
     * @param level   its level
     * @param message the formatted message
     * @param mdc     the MDC it was logged with
     */
    public record Line(String logger, Level level, String message, Map<String, String> mdc) {

        /** The MDC entry, or null. */
        public String mdc(String key) {
            return mdc.get(key);
        }
    }

    private final Logger category;
    private final Queue<Line> lines = new ConcurrentLinkedQueue<>();

    private CapturedLogs(Logger category) {
        this.category = category;
    }

    /** Starts capturing {@code category} and the categories below it. */
    public static CapturedLogs of(String category) {
        CapturedLogs logs = new CapturedLogs(Logger.getLogger(category));
        logs.category.addHandler(logs);
        return logs;
    }

    /** Every line captured so far, oldest first. */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** The captured lines whose message contains {@code text}. */
    public List<Line> containing(String text) {
        return lines.stream().filter(line -> line.message().contains(text)).toList();
    }

    @Override
    public void publish(LogRecord record) {
        ExtLogRecord ext = ExtLogRecord.wrap(record);
        lines.add(new Line(ext.getLoggerName(), ext.getLevel(), ext.getFormattedMessage(), Map.copyOf(ext.getMdcCopy())));
    }

    @Override
    public void flush() {
        // Nothing buffered.
    }

    @Override
    public void close() {
        category.removeHandler(this);
    }
}
