package pe.centralunica.console.admin;

/**
 * One editable column of a reference table as the API names it.
 *
 * @param name   JSON field name
 * @param column SQL column (from constants only, never from input)
 * @param key    part of the identity: set on create, never changed
 */
public record Field(String name, String column, Type type, boolean required, boolean key) {

    public enum Type { TEXT, INTEGER, DECIMAL, BOOLEAN }

    public static Field key(String name, String column) {
        return new Field(name, column, Type.TEXT, true, true);
    }

    public static Field required(String name, String column, Type type) {
        return new Field(name, column, type, true, false);
    }

    public static Field optional(String name, String column, Type type) {
        return new Field(name, column, type, false, false);
    }
}
