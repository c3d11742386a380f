package io.bitdust.messaging.dto;

/** One message of my history, as {@code list_messages} shows it. */
public class MessageDTO {
    /** The message ID: 32 hexadecimal digits chosen by its sender. */
    public String id;
    /** {@code out} for mine, {@code in} for one to me. */
    public String direction;
    /** The sender's IDURL. */
    public String sender;
    /** The recipient's IDURL. */
    public String recipient;
    /** The text. */
    public String body;
    /** When the sender wrote it, ISO-8601. */
    public String date;
    /** {@code queued}, {@code sent}, {@code delivered}, {@code failed} or {@code received}. */
    public String state;
    /** Why it failed, or the last attempt's error while it is queued; empty otherwise. */
    public String error;
    /** How many attempts were made to deliver it (mine only). */
    public int attempts;
}
