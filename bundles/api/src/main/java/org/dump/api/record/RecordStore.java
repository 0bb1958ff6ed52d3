package org.dump.api.record;

import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A module's records. The node registers this service with bundle scope: each module bundle gets its own
 * instance, bound to its module id, and a bundle that does not declare itself a module gets none.
 *
 * <p>Writes are signed with the node's key and committed before they return. The author of a record is the user
 * acting when it is created (see {@code org.dump.api.author.ActingUser}); only that user may update or delete it.
 * A record created while nobody is acting has no author and can be changed only while nobody is acting, i.e. by
 * the module itself.
 *
 * <p>The payload is a JSON object given as a map (see {@link ModuleRecord#payload()} for the value types; other
 * numbers are taken as their decimal value). Its top-level strings and numbers can be filtered and sorted on in
 * {@link #query(RecordQuery)}.
 */
@ProviderType
public interface RecordStore {

    /** @return the id of the module this store belongs to */
    String module();

    /**
     * Writes a new record.
     *
     * @param type    the kind of record, see {@link org.dump.api.module.ModuleNamespace#ID_PATTERN}
     * @param payload the record's data
     * @return the record as stored and signed
     * @throws InvalidRecordException  if the type or the payload is not acceptable
     * @throws RecordTooLargeException if the payload is larger than the node allows
     */
    ModuleRecord create(String type, Map<String, ?> payload);

    /**
     * Replaces the payload of a record this node wrote.
     *
     * @return the new version of the record
     * @throws RecordNotFoundException if there is no such record of this module
     * @throws NotAuthorException      if the acting user is not the record's author, or the record came from
     *                                 another node
     * @throws InvalidRecordException  if the payload is not acceptable
     * @throws RecordTooLargeException if the payload is larger than the node allows
     */
    ModuleRecord update(String id, Map<String, ?> payload);

    /**
     * Deletes a record this node wrote, here and, through federation, on every node that holds it.
     *
     * @throws RecordNotFoundException if there is no such record of this module
     * @throws NotAuthorException      as for {@link #update}
     */
    void delete(String id);

    /** @return the record of this module with that id, if there is one */
    Optional<ModuleRecord> get(String id);

    /** @return one page of this module's records that match {@code query}, in its order */
    RecordPage query(RecordQuery query);
}
