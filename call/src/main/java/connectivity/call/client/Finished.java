package connectivity.call.client;

import connectivity.call.wire.InCallMessage;

/** An item fully received: what the user is told, and the ACK to send once it is recorded. */
record Finished(Delivery delivery, InCallMessage.Ack ack) {}
