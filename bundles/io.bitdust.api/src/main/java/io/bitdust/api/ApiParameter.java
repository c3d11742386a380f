package io.bitdust.api;

/**
 * One parameter of an API function. Immutable.
 */
public final class ApiParameter {
    private final String name;
    private final String type;
    private final boolean required;
    private final Object defaultValue;
    private final String description;

    /**
     * @param name         the name as in the seed API, e.g. {@code pathID_or_backupID}
     * @param type         {@code string}, {@code boolean}, {@code integer} or {@code object}
     * @param required     whether a call must give it
     * @param defaultValue the value when not given (meaningful only when not required); may be null
     * @param description  one phrase for people
     */
    public ApiParameter(String name, String type, boolean required, Object defaultValue, String description) {
        this.name = name;
        this.type = type;
        this.required = required;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return {@code string}, {@code boolean}, {@code integer} or {@code object} */
    public String type() {
        return type;
    }

    /** @return whether a call must give it */
    public boolean required() {
        return required;
    }

    /** @return the value when not given; may be null */
    public Object defaultValue() {
        return defaultValue;
    }

    /** @return what it is */
    public String description() {
        return description;
    }
}
