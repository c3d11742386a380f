package io.bitdust.api.internal;

import java.util.List;
import java.util.Map;

/**
 * One area's part of the catalogue: its functions, the services they reach and what it adds to process_health.
 * Each area component in this bundle publishes one as a service; {@link ApiComponent} collects them (an internal
 * whiteboard), and {@link Api#add} takes them directly where there is no OSGi.
 */
interface ApiArea {
    /** @return the area's name, e.g. {@code network}: the area of its functions */
    String name();

    /** @return the area's functions; listed whether or not its services run */
    List<Operation> operations();

    /** @return the services its functions reach, by the names process_health shows them under */
    List<AreaService<?>> services();

    /**
     * Adds the area's own fields to process_health while its services run.
     *
     * @param health   the answer, to add fields to
     * @param warnings what needs a user's attention, to add to
     */
    void health(Map<String, Object> health, List<String> warnings);
}
