/** The engine works on public Event objects directly (one allocation per event). */
export { Event as RawEv } from '../event.js';
