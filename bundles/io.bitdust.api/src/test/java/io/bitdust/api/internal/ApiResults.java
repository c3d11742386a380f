package io.bitdust.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.bitdust.api.ApiResult;
import io.bitdust.common.ErrorCode;

/** Assertions on the envelopes the API answers, for the tests of its functions. */
final class ApiResults {
    private ApiResults() {
    }

    /** @return the result of an answer that must be OK */
    static Object ok(ApiResult r) {
        assertTrue(r.errors().toString(), r.ok());
        return r.result();
    }

    /** Checks an answer is an error of {@code code} whose message has {@code words}, and carries no result. */
    static void error(ApiResult r, ErrorCode code, String words) {
        assertFalse("expected an error", r.ok());
        assertEquals(r.errors().toString(), code, r.code());
        assertTrue(r.errors() + " should say " + words, r.errors().get(0).contains(words));
        assertNull(r.result());
    }
}
