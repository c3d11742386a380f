package io.bitdust.shell.internal;

import io.bitdust.common.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.karaf.shell.support.table.Row;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * Renders an API result for people: a list of records as a table with a column per field, a record as a
 * two-column table, anything else as text.
 */
final class Tables {
    private Tables() {
    }

    static String render(Object result) {
        if (result == null) {
            return "OK" + System.lineSeparator();
        }
        if (result instanceof List && ((List<?>) result).stream().allMatch(Map.class::isInstance)) {
            return records((List<?>) result);
        }
        if (result instanceof Map) {
            ShellTable table = new ShellTable();
            table.column("field");
            table.column("value");
            ((Map<?, ?>) result).forEach((k, v) -> table.addRow().addContent(k, cell(v)));
            return print(table);
        }
        if (result instanceof List) {
            StringBuilder text = new StringBuilder();
            ((List<?>) result).forEach(item -> text.append(cell(item)).append(System.lineSeparator()));
            return text.toString();
        }
        return result + System.lineSeparator();
    }

    private static String records(List<?> records) {
        Set<Object> columns = new LinkedHashSet<>();
        records.forEach(r -> columns.addAll(((Map<?, ?>) r).keySet()));
        ShellTable table = new ShellTable().emptyTableText("(none)");
        columns.forEach(c -> table.column(String.valueOf(c)));
        for (Object record : records) {
            Row row = table.addRow();
            List<Object> cells = new ArrayList<>();
            columns.forEach(c -> cells.add(cell(((Map<?, ?>) record).get(c))));
            row.addContent(cells);
        }
        return print(table);
    }

    private static Object cell(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof Map || value instanceof List ? Json.write(value) : value;
    }

    private static String print(ShellTable table) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        table.print(out, StandardCharsets.UTF_8, true);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
