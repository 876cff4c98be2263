/** Kysely row types of every table (the shape `001_core` creates). Money in cents, rates in basis points. */
import type { Generated } from 'kysely';

type Id = Generated<number>;
type Flag = number; // 0 | 1, portable across SQLite and PostgreSQL

export interface ShopsTable {
  id: Id;
  name: string;
  currency: string;
  time_zone: string;
  close_hour: number;
  prices_include_vat: Flag;
  default_vat_bp: number;
  last_order_number: number;
  created_at: string;
  address: string | null;
  zip: string | null;
  city: string | null;
  country: string | null;
  phone: string | null;
  email: string | null;
  legal_form: string | null;
  siret: string | null;
  vat_number: string | null;
  receipt_header: string | null;
  receipt_footer: string | null;
}
interface Owned {
  id: Id;
  shop_id: number;
}
/** Reference data an order may name: deleting a used row archives it (migration 007). */
interface Archivable extends Owned {
  archived_at: string | null;
}
export interface VatRatesTable extends Archivable {
  rate_bp: number;
  label: string;
}
export interface DepartmentGroupsTable extends Archivable {
  name: string;
  position: Generated<number>;
}
export interface DepartmentsTable extends Archivable {
  name: string;
  group_id: number | null;
  vat_bp: number;
  position: Generated<number>;
}
export interface VariationGroupsTable extends Archivable {
  name: string;
}
export interface VariationChoicesTable extends Archivable {
  group_id: number;
  name: string;
  price_delta: number;
  position: number;
  description: string | null;
  unavailable: Generated<Flag>;
}
export interface ProductsTable extends Owned {
  title: string;
  short_title: string;
  search_text: string;
  price: number;
  vat_takeaway_bp: number;
  vat_eat_in_bp: number;
  department_id: number | null;
  barcode: string | null;
  stock: number | null;
  stock_alert: number | null;
  active: Flag;
  description: string | null;
  buying_price: number | null;
  internal_id: string | null;
  discount_id: number | null;
  position: Generated<number>;
  keyboard_hide: Generated<Flag>;
  archived_at: string | null;
}
export interface ProductVariationGroupsTable {
  shop_id: number;
  product_id: number;
  group_id: number;
  position: number;
}
export interface DiscountsTable extends Archivable {
  name: string;
  kind: string;
  value: number;
}
export interface ClientsTable extends Archivable {
  firstname: string | null;
  lastname: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  zip: string | null;
  city: string | null;
  country: string | null;
  search_text: string;
  created_at: string;
  title: string | null;
  vat_number: string | null;
  registration_number: string | null;
  comment: string | null;
  address2: string | null;
  blacklist: Generated<Flag>;
}
export interface UsersTable extends Archivable {
  name: string;
  role: string;
  email: string | null;
  phone: string | null;
}
export interface CashboxesTable extends Archivable {
  name: string;
}
export interface DiningTablesTable extends Archivable {
  number: number;
  name: string;
  seats: number;
  floor: string;
}
export interface PaymentMethodsTable extends Archivable {
  name: string;
  type: string;
  is_refund: Flag;
  position: Generated<number>;
}
export interface DeliveryMethodsTable {
  shop_id: number;
  code: number;
  name: string;
  enabled: Flag;
}
export interface DeliveryZonesTable extends Archivable {
  name: string;
  postcodes: string;
  fee: number;
  min_order: number;
}
export interface RelayPointsTable extends Archivable {
  name: string;
  address: string;
  zip: string;
  city: string;
}
export interface DeliveryMenTable extends Archivable {
  name: string;
  phone: string | null;
}
export interface OrdersTable extends Owned {
  number: number | null;
  status: string;
  delivery_method: number;
  table_id: number | null;
  covers: number | null;
  pager: string | null;
  cashbox_id: number | null;
  user_id: number | null;
  client_id: number | null;
  relay_point_id: number | null;
  delivery_man_id: number | null;
  public_comment: string | null;
  private_comment: string | null;
  fulfilment: string;
  delivery_time: string | null;
  currency: string;
  subtotal: number;
  discount_kind: string | null;
  discount_value: number | null;
  discount_total: number;
  total: number;
  paid: number;
  refund_of: number | null;
  created_at: string;
  validated_at: string | null;
  updated_at: string;
  /** set when validated: the shop's business day (YYYY-MM-DD), its ISO weekday (1 = Monday) and clock hour */
  business_day: string | null;
  weekday: number | null;
  hour: number | null;
}
export interface OrderLinesTable extends Owned {
  order_id: number;
  position: number;
  kind: string;
  product_id: number | null;
  department_id: number | null;
  title: string;
  quantity: number;
  unit_price: number;
  variations: string; // JSON: [{ id, group, name, priceDelta }]
  discount: number;
  total: number; // after the line discount
  net_total: number; // after the line's share of the order discount: what the line really sold for
  vat_bp: number;
  refund_of_line: number | null;
  /** a catalog line: its product's title when it was sold (migration 008; null on older lines) */
  product_title?: string | null;
  /** this line's share of its order's VAT for its rate (see domain/line-vat.ts) */
  vat: Generated<number>;
}
export interface PaymentsTable extends Owned {
  order_id: number;
  method_id: number;
  amount: number;
  created_at: string;
  /** the shop's business day of the payment and its ISO weekday */
  business_day: string;
  weekday: number;
}
export interface IdempotencyKeysTable {
  shop_id: number;
  operation: string;
  key: string;
  request_hash: string;
  order_id: number;
  created_at: string;
}
export interface SettingsTable {
  key: string;
  value: string;
}

export interface ApiKeysTable {
  id: Generated<number>;
  shop_id: number;
  name: string;
  /** the first characters of the key, to recognise it in a list */
  prefix: string;
  /** SHA-256 of the whole key, hex */
  hash: string;
  /** comma-separated scopes */
  scopes: string;
  /** comma-separated tool sets served to the key (mcp/toolsets.ts); null: the server's default */
  toolsets: string | null;
  created_at: string;
  revoked_at: string | null;
}

/**
 * Report summary rows: per shop, dimension (`all`, `hour`, `client`, `product`, …), key (the hour,
 * the client id, … 0 for none), business day and VAT rate, the measures of the validated orders of
 * that day. Rows with `vat_bp` -1 hold the order counts, the others the amounts of that rate.
 * Maintained in the transaction that validates an order or records a payment (reports.facts.ts).
 */
export interface ReportDailyTable {
  shop_id: number;
  dim: string;
  key: number;
  day: string;
  weekday: number;
  vat_bp: number;
  orders: number;
  covers: number;
  covers_ttc: number;
  refunds: number;
  items: number;
  refund_items: number;
  ttc: number;
  vat: number;
  discounts: number;
  refund_ttc: number;
  refund_vat: number;
  payments: number;
  paid: number;
}

/** Every stock movement of a product (migration 007): `quantity` the change, `stock` the level after. */
export interface StockMovementsTable {
  id: Generated<number>;
  shop_id: number;
  product_id: number;
  kind: string;
  quantity: number;
  stock: number;
  reason: string | null;
  order_id: number | null;
  actor: string;
  at: string;
}
/** The journal of management changes: who, when, through which tool, before and after (JSON texts). */
export interface AuditLogTable {
  id: Generated<number>;
  shop_id: number;
  at: string;
  actor: string;
  via: string;
  entity: string;
  entity_id: number | null;
  action: string;
  before: string | null;
  after: string | null;
}
/** Idempotency keys of management writes: the stored result is what a retry gets back. */
export interface ManagementKeysTable {
  shop_id: number;
  operation: string;
  key: string;
  request_hash: string;
  result: string;
  created_at: string;
}

/** Someone who logs in (the OAuth login page); migration 009. */
export interface AccountsTable {
  id: Generated<number>;
  /** lower-cased */
  email: string;
  /** scrypt$N$r$p$salt$hash (base64url): see modules/accounts/password.ts */
  password_hash: string;
  created_at: string;
  password_changed_at: string;
  disabled_at: string | null;
}
export interface AccountShopsTable {
  account_id: number;
  shop_id: number;
  /** owner | manager | staff */
  role: string;
  created_at: string;
}
/** The authorization server's stored objects (oidc-provider's adapter); times in epoch seconds. */
export interface OauthObjectsTable {
  model: string;
  id: string;
  payload: string;
  grant_id: string | null;
  uid: string | null;
  expires_at: number | null;
  consumed_at: number | null;
}

/** A shop's catalog version, moved by triggers on every catalog write (migration 011). */
export interface CatalogVersionsTable {
  shop_id: number;
  version: number;
}

/** A shop's signing key (Ed25519, DER in base64: SPKI public, PKCS #8 private), made once (migration 012). */
export interface FiscalKeysTable {
  shop_id: number;
  algorithm: string;
  public_key: string;
  private_key: string;
  created_at: string;
}
/** A record of a shop's fiscal chain (migration 012, docs/FISCAL.md): appended, never changed. */
export interface FiscalRecordsTable {
  shop_id: number;
  chain: string;
  seq: number;
  kind: string;
  /** the order (and payment) it records: a link to the live rows, never part of what is hashed */
  order_id: number | null;
  payment_id: number | null;
  recorded_at: string;
  content: string;
  prev_hash: string;
  hash: string;
  signature: string;
}

export interface Database {
  shops: ShopsTable;
  vat_rates: VatRatesTable;
  department_groups: DepartmentGroupsTable;
  departments: DepartmentsTable;
  variation_groups: VariationGroupsTable;
  variation_choices: VariationChoicesTable;
  products: ProductsTable;
  product_variation_groups: ProductVariationGroupsTable;
  discounts: DiscountsTable;
  clients: ClientsTable;
  users: UsersTable;
  cashboxes: CashboxesTable;
  dining_tables: DiningTablesTable;
  payment_methods: PaymentMethodsTable;
  delivery_methods: DeliveryMethodsTable;
  delivery_zones: DeliveryZonesTable;
  relay_points: RelayPointsTable;
  delivery_men: DeliveryMenTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  payments: PaymentsTable;
  idempotency_keys: IdempotencyKeysTable;
  settings: SettingsTable;
  api_keys: ApiKeysTable;
  report_daily: ReportDailyTable;
  stock_movements: StockMovementsTable;
  audit_log: AuditLogTable;
  management_keys: ManagementKeysTable;
  accounts: AccountsTable;
  account_shops: AccountShopsTable;
  oauth_objects: OauthObjectsTable;
  catalog_versions: CatalogVersionsTable;
  fiscal_keys: FiscalKeysTable;
  fiscal_records: FiscalRecordsTable;
}
