/** The venue's and the clients' management tools: payment methods, tables, cashboxes, staff, discounts, delivery, clients. */
import type { AnyToolSpec } from '../tool.js';

export const venueTools: AnyToolSpec[] = [];
