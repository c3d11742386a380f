package io.bitdust.api.internal;

import java.util.List;

/**
 * The seed functions whose areas are not built yet. They are listed with their parameters and answer an ERROR
 * saying so; each moves to its area's own functions class when that area lands. Their local paths are already
 * checked ({@link LocalPaths}), so a bad path is refused as it will be once the area is built.
 */
final class PlannedFunctions {
    private PlannedFunctions() {
    }

    static List<Operation> operations() {
        return List.of(
                Operation.named("backups_update", "backups", "Synchronise with the suppliers and rebuild what is "
                        + "missing").notYet(),
                Operation.named("backups_list", "backups", "The whole catalogue of files and folders").notYet(),
                Operation.named("backups_id_list", "backups", "The versions stored on suppliers").notYet(),
                Operation.named("backup_start_id", "backups", "Back up an item of the catalogue by its path ID")
                        .required("pathID", "path ID").notYet(),
                Operation.named("backup_start_path", "backups", "Add a file or folder to the catalogue and back it up")
                        .path("path", LocalPaths.Use.FILE_OR_FOLDER, "local path of a file or folder").notYet(),
                Operation.named("backup_dir_add", "backups", "Add a folder to the catalogue without uploading")
                        .path("dirpath", LocalPaths.Use.FOLDER, "local folder").notYet(),
                Operation.named("backup_file_add", "backups", "Add a file to the catalogue without uploading")
                        .path("filepath", LocalPaths.Use.FILE, "local file").notYet(),
                Operation.named("backup_tree_add", "backups", "Add a folder and everything under it to the catalogue")
                        .path("dirpath", LocalPaths.Use.FOLDER, "local folder").notYet(),
                Operation.named("backup_delete_local", "backups", "Remove the local copies of a version")
                        .required("backupID", "backup ID").notYet(),
                Operation.named("backup_delete_id", "backups", "Delete an item or a version, locally and remotely")
                        .required("pathID_or_backupID", "path ID or backup ID").notYet(),
                Operation.named("backup_delete_path", "backups", "Delete everything stored for a local path")
                        .path("localPath", LocalPaths.Use.ANY, "local path").notYet(),
                Operation.named("backups_queue", "backups", "Backups waiting to start").notYet(),
                Operation.named("backups_running", "backups", "Backups in progress").notYet(),
                Operation.named("backup_cancel_pending", "backups", "Remove a waiting backup from the queue")
                        .required("path_id", "path ID").notYet(),
                Operation.named("backup_abort_running", "backups", "Abort a backup in progress")
                        .required("backup_id", "backup ID").notYet(),
                Operation.named("restore_single", "restores", "Download and unpack an item or a version")
                        .required("pathID_or_backupID_or_localPath", "path ID, backup ID or local path")
                        .optionalPath("destinationPath", LocalPaths.Use.FOLDER, "folder to restore into").notYet(),
                Operation.named("restores_running", "restores", "Restores in progress").notYet(),
                Operation.named("restore_abort", "restores", "Abort a restore in progress")
                        .required("backup_id", "backup ID").notYet(),
                Operation.named("list_messages", "messages", "Messages received and sent").notYet(),
                Operation.named("send_message", "messages", "Send a private message")
                        .required("recipient", "IDURL of the recipient")
                        .required("message_body", "the text").notYet(),
                Operation.named("list_correspondents", "messages", "My correspondents").notYet(),
                Operation.named("add_correspondent", "messages", "Add a correspondent")
                        .required("idurl", "IDURL")
                        .optional("nickname", "string", "", "nickname").notYet(),
                Operation.named("remove_correspondent", "messages", "Remove a correspondent")
                        .required("idurl", "IDURL").notYet(),
                Operation.named("find_peer_by_nickname", "messages", "Find a node by its nickname")
                        .required("nickname", "nickname").notYet());
    }
}
