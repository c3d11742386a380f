package io.bitdust.api.internal;

import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The OSGi side of an area: a DS component that publishes its plain {@link ApiArea} and binds the area's services to
 * it. Subclasses reference their services with bind methods that take a {@link ServiceReference}: neither they nor
 * this class name an area type in a field or a method signature, so the component loads and lists the area's
 * functions even when the area's package is not wired (its bundle uninstalled, the api bundle refreshed).
 */
abstract class AreaComponent implements ApiArea {
    private final BundleContext context;
    private final ApiArea area;

    AreaComponent(BundleContext context, ApiArea area) {
        this.context = context;
        this.area = area;
    }

    final void bind(AreaService<?> service, ServiceReference<?> reference) {
        service.bind(reference, context.getService(reference));
    }

    final void unbind(AreaService<?> service, ServiceReference<?> reference) {
        service.unbind(reference);
        context.ungetService(reference);
    }

    @Override
    public final String name() {
        return area.name();
    }

    @Override
    public final List<Operation> operations() {
        return area.operations();
    }

    @Override
    public final List<AreaService<?>> services() {
        return area.services();
    }

    @Override
    public final void health(Map<String, Object> health, List<String> warnings) {
        area.health(health, warnings);
    }
}
