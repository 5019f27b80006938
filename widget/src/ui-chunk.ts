/**
 * The chunk consent.js loads when the dialog must show or a choice is made: the Preact UI and the code that records a
 * choice (cookie, receipt outbox, cookie deletion). One file, because a first visit needs both.
 */
export { mount } from './ui/mount.js';
export { decide, receipts } from './actions.js';
