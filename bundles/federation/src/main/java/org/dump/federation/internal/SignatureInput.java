package org.dump.federation.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

import org.dump.crypto.Ed25519PublicKey;
import org.dump.federation.internal.RequestSignatures.Refused;
import org.dump.federation.internal.StructuredFields.Bytes;
import org.dump.federation.internal.StructuredFields.InnerList;
import org.dump.federation.internal.StructuredFields.Item;
import org.dump.federation.internal.StructuredFields.Malformed;
import org.dump.federation.internal.StructuredFields.Member;

/**
 * The one signature of a request that this node checks, as its {@code Signature-Input} field describes it (RFC 9421
 * §4.1): the member labelled {@code dump}, or else the first member. Its covered components and parameters may come
 * in any order; what this node requires of them is checked here, what depends on the clock or on keys is not.
 *
 * @param label      the member's label, to find its signature in the {@code Signature} field
 * @param components the covered components, in the order of the signature base: {@code @method},
 *                   {@code @target-uri} and header fields by their lower-case names
 * @param params     the {@code @signature-params} value: the member re-serialized as RFC 8941 §4.1.1.1 says
 * @param keyid      the signing node's id
 * @param expires    when the signature stops being valid, if the signer said so
 */
record SignatureInput(String label, List<String> components, String params, long created, OptionalLong expires,
        String keyid, String nonce) {

    static final String LABEL = "dump";
    static final List<String> REQUIRED = List.of("@method", "@target-uri", "content-digest");
    static final String ALG = "ed25519";
    private static final Pattern NODE_ID = Pattern.compile("[a-z2-7]{1,64}");
    /** Visible ASCII (all an RFC 8941 string holds), 16 to 64 of them: enough to be random, little to remember. */
    private static final Pattern NONCE = Pattern.compile("[\\x21-\\x7e]{16,64}");
    /** An HTTP field name (RFC 9110 §5.1), lower case as RFC 9421 §2.1 wants it. */
    private static final Pattern FIELD = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+");

    /**
     * @param field the {@code Signature-Input} field's value
     * @throws Refused saying what is wrong with it
     */
    static SignatureInput read(String field) throws Refused {
        Map<String, Member> members = dictionary("Signature-Input", field);
        if (members.isEmpty()) {
            throw new Refused("Signature-Input names no signature");
        }
        String label = members.containsKey(LABEL) ? LABEL : members.keySet().iterator().next();
        if (!(members.get(label) instanceof InnerList input)) {
            throw new Refused("Signature-Input's member " + label + " is not an inner list of components");
        }
        List<String> components = components(label, input);
        Map<String, Object> params = input.params();
        Object alg = params.get("alg");
        if (!ALG.equals(alg)) {
            throw new Refused("signature " + label + " must have alg=\"" + ALG + "\", not "
                    + (alg == null ? "none" : StructuredFields.bare(alg)));
        }
        long created = integer(label, params, "created").orElseThrow(
                () -> new Refused("signature " + label + " has no created time"));
        String keyid = string(label, params, "keyid", NODE_ID, "a node id");
        String nonce = string(label, params, "nonce", NONCE, "16 to 64 visible ASCII characters");
        return new SignatureInput(label, components, StructuredFields.serialize(input), created,
                integer(label, params, "expires"), keyid, nonce);
    }

    /**
     * @param field the {@code Signature} field's value
     * @return the signature labelled as this input: 64 bytes, the length of an Ed25519 signature
     */
    byte[] signature(String field) throws Refused {
        Member member = dictionary("Signature", field).get(label);
        if (member == null) {
            throw new Refused("Signature has no member " + label + " for Signature-Input's " + label);
        }
        if (!(member instanceof Item item) || !(item.value() instanceof Bytes bytes)) {
            throw new Refused("Signature's member " + label + " is not a byte sequence");
        }
        byte[] signature = bytes.value();
        if (signature.length != Ed25519PublicKey.SIGNATURE_LENGTH) {
            throw new Refused("Signature's member " + label + " has " + signature.length + " bytes, not the "
                    + Ed25519PublicKey.SIGNATURE_LENGTH + " of an Ed25519 signature");
        }
        return signature;
    }

    static Map<String, Member> dictionary(String name, String field) throws Refused {
        try {
            return StructuredFieldParser.dictionary(field);
        } catch (Malformed e) {
            throw new Refused(name + " is not an RFC 8941 dictionary: " + e.getMessage());
        }
    }

    /** Header fields are taken as any; of the derived components, this node knows those it requires. */
    private static List<String> components(String label, InnerList input) throws Refused {
        List<String> components = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Item item : input.items()) {
            if (!(item.value() instanceof String component) || !item.params().isEmpty()) {
                throw new Refused("signature " + label + " covers " + StructuredFields.bare(item.value())
                        + StructuredFields.parameters(item.params())
                        + ": this node takes components as plain strings, without parameters");
            }
            if (component.startsWith("@") ? !REQUIRED.contains(component) : !FIELD.matcher(component).matches()) {
                throw new Refused("signature " + label + " covers \"" + component + "\": this node takes "
                        + "@method, @target-uri and header fields by their lower-case names");
            }
            if (!seen.add(component)) {
                throw new Refused("signature " + label + " covers \"" + component + "\" twice");
            }
            components.add(component);
        }
        for (String required : REQUIRED) {
            if (!seen.contains(required)) {
                throw new Refused("signature " + label + " does not cover \"" + required + "\" (it must cover "
                        + "\"@method\", \"@target-uri\" and \"content-digest\")");
            }
        }
        return List.copyOf(components);
    }

    private static OptionalLong integer(String label, Map<String, Object> params, String name) throws Refused {
        Object value = params.get(name);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (!(value instanceof Long integer) || integer < 0) {
            throw new Refused("signature " + label + "'s " + name + " is not a time in whole seconds since 1970");
        }
        return OptionalLong.of(integer);
    }

    private static String string(String label, Map<String, Object> params, String name, Pattern form, String what)
            throws Refused {
        if (!(params.get(name) instanceof String value) || !form.matcher(value).matches()) {
            throw new Refused("signature " + label + " needs a " + name + " string of " + what);
        }
        return value;
    }
}
