package io.bitdust.api.internal;

import io.bitdust.messaging.MessagingService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Brings the messages area ({@link MessagesFunctions}) into the API, with the messaging service while it runs. */
@Component(service = ApiArea.class)
public final class MessagesArea extends AreaComponent {
    private final MessagesFunctions messages;

    /** @param context this bundle's context, through which the messaging service is got and released */
    @Activate
    public MessagesArea(BundleContext context) {
        this(context, new MessagesFunctions());
    }

    private MessagesArea(BundleContext context, MessagesFunctions messages) {
        super(context, messages);
        this.messages = messages;
    }

    @Reference(service = MessagingService.class, cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindMessaging(ServiceReference<?> reference) {
        bind(messages.messaging, reference);
    }

    void unbindMessaging(ServiceReference<?> reference) {
        unbind(messages.messaging, reference);
    }
}
