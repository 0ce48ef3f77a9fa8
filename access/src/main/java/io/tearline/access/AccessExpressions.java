package io.tearline.access;

import io.tearline.access.internal.Syntax;

/** Converting between authorizations and the tokens that name them in access expressions. */
public final class AccessExpressions {

    private AccessExpressions() {
    }

    /**
     * The token that names {@code authorization} in an expression: the authorization itself when it has
     * only the characters {@code A-Z a-z 0-9 _ - . : /}, else in double quotes with {@code "} and {@code \}
     * escaped by a backslash. {@code quote("A#C")} is {@code "A#C"} (with the quotes),
     * {@code quote("A\"C")} is {@code "A\"C"} (with the quotes and the backslash).
     *
     * @throws AccessExpressionException when the authorization is empty or has a disallowed character
     */
    public static String quote(String authorization) {
        Syntax.checkAuthorization(authorization);
        return Syntax.quote(authorization);
    }

    /**
     * The authorization a token names: a quoted token loses its quotes and escapes; any other string is
     * taken to be an authorization already and comes back unchanged (as in accumulo-access), once checked.
     *
     * @throws AccessExpressionException for unbalanced quotes, a bad escape, an unescaped quote inside the
     *     quotes, or an empty or disallowed authorization
     */
    public static String unquote(String token) {
        return Syntax.unquote(token);
    }
}
