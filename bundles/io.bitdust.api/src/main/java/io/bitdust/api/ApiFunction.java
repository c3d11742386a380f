package io.bitdust.api;

import java.util.List;

/**
 * What one API function is called, what it does and which parameters it takes, in order. Immutable.
 */
public final class ApiFunction {
    private final String name;
    private final String area;
    private final String description;
    private final List<ApiParameter> parameters;
    private final boolean available;

    /**
     * @param name        the function name, e.g. {@code config_set}
     * @param area        the area that answers it, e.g. {@code config}
     * @param description one sentence for people
     * @param parameters  the parameters in positional order
     * @param available   false while the area that implements it has not been built yet
     */
    public ApiFunction(String name, String area, String description, List<ApiParameter> parameters,
            boolean available) {
        this.name = name;
        this.area = area;
        this.description = description;
        this.parameters = List.copyOf(parameters);
        this.available = available;
    }

    /** @return the name, e.g. {@code config_set} */
    public String name() {
        return name;
    }

    /** @return the name as a shell command, e.g. {@code config-set} */
    public String commandName() {
        return name.replace('_', '-');
    }

    /** @return the area that answers it */
    public String area() {
        return area;
    }

    /** @return what it does */
    public String description() {
        return description;
    }

    /** @return its parameters, in positional order */
    public List<ApiParameter> parameters() {
        return parameters;
    }

    /** @return false while the function only answers that it is not available yet */
    public boolean available() {
        return available;
    }
}
