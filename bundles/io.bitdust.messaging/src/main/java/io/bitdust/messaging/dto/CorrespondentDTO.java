package io.bitdust.messaging.dto;

/** A node with its nickname: a correspondent, or a node found by nickname. */
public class CorrespondentDTO {
    /** Its IDURL. */
    public String idurl;
    /** Its nickname. */
    public String nickname;
}
