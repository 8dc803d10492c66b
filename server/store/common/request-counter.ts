/**
 * The counter that numbers cases. It is the tickets' counter: while both exist (tickets are being replaced
 * by cases), a number a shopper was given for one request is never given to another.
 */
export const REQUEST_COUNTER = 'ticket';
