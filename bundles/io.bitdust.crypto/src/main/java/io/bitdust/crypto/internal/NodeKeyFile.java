package io.bitdust.crypto.internal;

import io.bitdust.common.BitDustException;
import io.bitdust.common.ErrorCode;
import io.bitdust.crypto.AgreementPublicKey;
import io.bitdust.crypto.SigningPublicKey;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The node's own key file, unencrypted and owner-only: magic "BDNK", version 1, the two private keys, then the two
 * public keys, which detect a damaged file on loading (docs/crypto-formats.md).
 */
final class NodeKeyFile {
    private static final byte[] MAGIC = "BDNK".getBytes(StandardCharsets.US_ASCII);
    private static final byte VERSION = 1;
    private static final int PUBLIC_KEYS = MAGIC.length + 1 + NodeKeys.PRIVATE_KEYS_LENGTH;

    static final int LENGTH = PUBLIC_KEYS + SigningPublicKey.LENGTH + AgreementPublicKey.LENGTH;

    private NodeKeyFile() {
    }

    static void store(Path file, NodeKeys keys) {
        byte[] privateKeys = keys.privateKeys();
        byte[] content = ByteBuffer.allocate(LENGTH).put(MAGIC).put(VERSION).put(privateKeys)
                .put(keys.signing().publicKey().bytes()).put(keys.agreement().publicKey().bytes()).array();
        try {
            PrivateFiles.write(file, content);
        } finally {
            Arrays.fill(privateKeys, (byte) 0);
            Arrays.fill(content, (byte) 0);
        }
    }

    static NodeKeys load(Path file) {
        byte[] content = PrivateFiles.read(file, LENGTH);
        try {
            if (content.length != LENGTH || !Arrays.equals(content, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                throw damaged(file, "not a node key file");
            }
            if (content[MAGIC.length] != VERSION) {
                throw damaged(file, "unknown version " + content[MAGIC.length]);
            }
            NodeKeys keys = NodeKeys.fromPrivateKeys(content, MAGIC.length + 1);
            byte[] expected = ByteBuffer.allocate(LENGTH - PUBLIC_KEYS).put(keys.signing().publicKey().bytes())
                    .put(keys.agreement().publicKey().bytes()).array();
            if (!Arrays.equals(content, PUBLIC_KEYS, LENGTH, expected, 0, expected.length)) {
                throw damaged(file, "its public keys do not match its private keys");
            }
            return keys;
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private static BitDustException damaged(Path file, String why) {
        return new BitDustException(ErrorCode.INTERNAL, "node key file " + file + " is damaged (" + why
                + "); restore it from an exported key file with 'identity recover'");
    }
}
