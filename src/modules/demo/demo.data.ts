/**
 * Demo data for "Le Comptoir du Marché", a fictional café-restaurant in Paris.
 *
 * Everything here is FICTIONAL demo data: people, emails, phone numbers (taken from the
 * ARCEP ranges reserved for fiction), addresses and barcodes are made up for testing and
 * demonstrations. Amounts are in cents, VAT rates in basis points (1000 = 10 %).
 * Cross-references use `key` strings that the seeder turns into database ids.
 */

export interface DemoDepartmentGroup {
  key: string;
  name: string;
}

export interface DemoDepartment {
  key: string;
  name: string;
  groupKey: string;
  vatBp: number;
}

export interface DemoVariationGroup {
  key: string;
  name: string;
  choices: { name: string; priceDelta: number }[];
}

export interface DemoProduct {
  title: string;
  shortTitle: string;
  price: number;
  departmentKey: string;
  vatTakeawayBp: number;
  vatEatInBp: number;
  barcode?: string;
  stock?: number;
  stockAlert?: number;
  variationGroupKeys?: string[];
}

export interface DemoClient {
  firstname: string;
  lastname: string;
  email?: string;
  phone?: string;
  address?: string;
  zip?: string;
  city?: string;
  country?: string;
}

export interface DemoPaymentMethod {
  name: string;
  type: 'cash' | 'card' | 'check' | 'bank_transfer' | 'meal_voucher' | 'holiday_voucher';
  refund: boolean;
}

export interface DemoDeliveryZone {
  name: string;
  postcodes: string[];
  fee: number;
  minOrder: number;
}

export interface DemoRelayPoint {
  name: string;
  address: string;
  zip: string;
  city: string;
}

export interface DemoDiscount {
  name: string;
  kind: 'percent' | 'amount';
  value: number;
}

export interface DemoUser {
  name: string;
  role: 'owner' | 'manager' | 'waiter' | 'cashier';
}

export const demoShop = {
  name: 'Le Comptoir du Marché',
  currency: 'EUR',
  timeZone: 'Europe/Paris',
  closeHour: 2,
  defaultVatBp: 1000,
};

export const demoVatRates: { rateBp: number; label: string }[] = [
  { rateBp: 210, label: 'Taux particulier 2,1 %' },
  { rateBp: 550, label: 'Taux réduit 5,5 %' },
  { rateBp: 1000, label: 'Taux intermédiaire 10 %' },
  { rateBp: 2000, label: 'Taux normal 20 %' },
];

export const demoDepartmentGroups: DemoDepartmentGroup[] = [
  { key: 'boissons', name: 'Boissons' },
  { key: 'cuisine', name: 'Cuisine' },
  { key: 'boulangerie', name: 'Boulangerie & pâtisserie' },
];

export const demoDepartments: DemoDepartment[] = [
  { key: 'cafes', name: 'Cafés & thés', groupKey: 'boissons', vatBp: 1000 },
  { key: 'boissons-fraiches', name: 'Boissons fraîches', groupKey: 'boissons', vatBp: 1000 },
  { key: 'bieres', name: 'Bières', groupKey: 'boissons', vatBp: 2000 },
  { key: 'vins', name: 'Vins', groupKey: 'boissons', vatBp: 2000 },
  { key: 'aperitifs', name: 'Apéritifs & spiritueux', groupKey: 'boissons', vatBp: 2000 },
  { key: 'viennoiseries', name: 'Viennoiseries', groupKey: 'boulangerie', vatBp: 550 },
  { key: 'desserts', name: 'Desserts', groupKey: 'boulangerie', vatBp: 1000 },
  { key: 'entrees', name: 'Entrées', groupKey: 'cuisine', vatBp: 1000 },
  { key: 'plats', name: 'Plats', groupKey: 'cuisine', vatBp: 1000 },
  { key: 'formules', name: 'Formules', groupKey: 'cuisine', vatBp: 1000 },
];

export const demoVariationGroups: DemoVariationGroup[] = [
  {
    key: 'lait',
    name: 'Lait',
    choices: [
      { name: 'Lait entier', priceDelta: 0 },
      { name: "Lait d'avoine", priceDelta: 40 },
      { name: 'Lait de soja', priceDelta: 40 },
      { name: 'Sans lait', priceDelta: 0 },
    ],
  },
  {
    key: 'cuisson',
    name: 'Cuisson',
    choices: [
      { name: 'Bleu', priceDelta: 0 },
      { name: 'Saignant', priceDelta: 0 },
      { name: 'À point', priceDelta: 0 },
      { name: 'Bien cuit', priceDelta: 0 },
    ],
  },
  {
    key: 'accompagnement',
    name: 'Accompagnement',
    choices: [
      { name: 'Frites', priceDelta: 0 },
      { name: 'Salade', priceDelta: 0 },
      { name: 'Haricots verts', priceDelta: 0 },
      { name: 'Purée maison', priceDelta: 100 },
    ],
  },
  {
    key: 'taille',
    name: 'Taille',
    choices: [
      { name: 'Petit', priceDelta: 0 },
      { name: 'Grand', priceDelta: 150 },
    ],
  },
  {
    key: 'sirop',
    name: 'Sirop',
    choices: [
      { name: 'Sans sirop', priceDelta: 0 },
      { name: 'Grenadine', priceDelta: 50 },
      { name: 'Menthe', priceDelta: 50 },
      { name: 'Pêche', priceDelta: 50 },
      { name: 'Citron', priceDelta: 50 },
    ],
  },
  {
    key: 'sauce',
    name: 'Sauce',
    choices: [
      { name: 'Sans sauce', priceDelta: 0 },
      { name: "Beurre maître d'hôtel", priceDelta: 0 },
      { name: 'Sauce au poivre', priceDelta: 200 },
      { name: 'Sauce béarnaise', priceDelta: 200 },
    ],
  },
  {
    key: 'supplement',
    name: 'Supplément',
    choices: [
      { name: 'Sans supplément', priceDelta: 0 },
      { name: 'Chantilly', priceDelta: 80 },
      { name: 'Boule de glace vanille', priceDelta: 150 },
      { name: 'Crème fraîche', priceDelta: 80 },
    ],
  },
];

export const demoProducts: DemoProduct[] = [
  // Cafés & thés: hot drinks, 10 % eat-in and takeaway
  {
    title: 'Café',
    shortTitle: 'Café',
    price: 250,
    departmentKey: 'cafes',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
  },
  {
    title: 'Café allongé',
    shortTitle: 'Allongé',
    price: 280,
    departmentKey: 'cafes',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
  },
  {
    title: 'Café crème',
    shortTitle: 'Crème',
    price: 380,
    departmentKey: 'cafes',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
    variationGroupKeys: ['lait', 'taille'],
  },
  {
    title: 'Café décaféiné',
    shortTitle: 'Déca',
    price: 270,
    departmentKey: 'cafes',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
  },
  {
    title: 'Double expresso',
    shortTitle: 'Double',
    price: 420,
    departmentKey: 'cafes',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
  },
  {
    title: 'Noisette',
    shortTitle: 'Noisette',
    price: 290,
    departmentKey: 'cafes',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
    variationGroupKeys: ['lait'],
  },
  {
    title: 'Cappuccino',
    shortTitle: 'Cappuccino',
    price: 480,
    departmentKey: 'cafes',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
    variationGroupKeys: ['lait', 'taille'],
  },
  {
    title: 'Chocolat chaud',
    shortTitle: 'Chocolat',
    price: 480,
    departmentKey: 'cafes',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
    variationGroupKeys: ['lait', 'taille', 'supplement'],
  },
  {
    title: 'Thé',
    shortTitle: 'Thé',
    price: 400,
    departmentKey: 'cafes',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
  },
  {
    title: 'Thé vert à la menthe',
    shortTitle: 'Thé menthe',
    price: 450,
    departmentKey: 'cafes',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
  },
  {
    title: 'Infusion verveine',
    shortTitle: 'Verveine',
    price: 400,
    departmentKey: 'cafes',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
  },

  // Viennoiseries: 5.5 % takeaway, 10 % eat-in
  {
    title: 'Croissant',
    shortTitle: 'Croissant',
    price: 180,
    departmentKey: 'viennoiseries',
    vatTakeawayBp: 550,
    vatEatInBp: 1000,
    stock: 40,
    stockAlert: 10,
  },
  {
    title: 'Croissant aux amandes',
    shortTitle: 'Croiss. amande',
    price: 320,
    departmentKey: 'viennoiseries',
    vatTakeawayBp: 550,
    vatEatInBp: 1000,
    stock: 15,
    stockAlert: 4,
  },
  {
    title: 'Pain au chocolat',
    shortTitle: 'Pain choc',
    price: 200,
    departmentKey: 'viennoiseries',
    vatTakeawayBp: 550,
    vatEatInBp: 1000,
    stock: 40,
    stockAlert: 10,
  },
  {
    title: 'Pain aux raisins',
    shortTitle: 'Pain raisins',
    price: 260,
    departmentKey: 'viennoiseries',
    vatTakeawayBp: 550,
    vatEatInBp: 1000,
    stock: 12,
    stockAlert: 3,
  },
  {
    title: 'Chausson aux pommes',
    shortTitle: 'Chausson',
    price: 280,
    departmentKey: 'viennoiseries',
    vatTakeawayBp: 550,
    vatEatInBp: 1000,
    stock: 12,
    stockAlert: 3,
  },
  {
    title: 'Tartine beurre confiture',
    shortTitle: 'Tartine',
    price: 350,
    departmentKey: 'viennoiseries',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
  },

  // Desserts
  {
    title: 'Tarte Tatin',
    shortTitle: 'Tatin',
    price: 850,
    departmentKey: 'desserts',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
    variationGroupKeys: ['supplement'],
  },
  {
    title: 'Crème brûlée',
    shortTitle: 'Crème brûlée',
    price: 800,
    departmentKey: 'desserts',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
  },
  {
    title: 'Mousse au chocolat',
    shortTitle: 'Mousse choc',
    price: 750,
    departmentKey: 'desserts',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
    variationGroupKeys: ['supplement'],
  },
  {
    title: 'Café gourmand',
    shortTitle: 'Café gourmand',
    price: 950,
    departmentKey: 'desserts',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
  },
  {
    title: 'Île flottante',
    shortTitle: 'Île flottante',
    price: 750,
    departmentKey: 'desserts',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
  },
  {
    title: 'Profiteroles',
    shortTitle: 'Profiteroles',
    price: 950,
    departmentKey: 'desserts',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
  },
  {
    title: 'Cannelé bordelais',
    shortTitle: 'Cannelé',
    price: 250,
    departmentKey: 'desserts',
    vatTakeawayBp: 550,
    vatEatInBp: 1000,
    stock: 20,
    stockAlert: 5,
  },

  // Entrées
  {
    title: "Soupe à l'oignon gratinée",
    shortTitle: 'Soupe oignon',
    price: 1050,
    departmentKey: 'entrees',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
  },
  {
    title: 'Œufs mayonnaise',
    shortTitle: 'Œufs mayo',
    price: 750,
    departmentKey: 'entrees',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
  },
  {
    title: 'Terrine de campagne',
    shortTitle: 'Terrine',
    price: 900,
    departmentKey: 'entrees',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
  },
  {
    title: 'Escargots de Bourgogne (6)',
    shortTitle: 'Escargots x6',
    price: 1200,
    departmentKey: 'entrees',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
  },
  {
    title: 'Poireaux vinaigrette',
    shortTitle: 'Poireaux',
    price: 800,
    departmentKey: 'entrees',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
  },

  // Plats
  {
    title: 'Croque-monsieur',
    shortTitle: 'Croque-M',
    price: 1150,
    departmentKey: 'plats',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
    variationGroupKeys: ['accompagnement'],
  },
  {
    title: 'Croque-madame',
    shortTitle: 'Croque-Mme',
    price: 1250,
    departmentKey: 'plats',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
    variationGroupKeys: ['accompagnement'],
  },
  {
    title: 'Entrecôte frites',
    shortTitle: 'Entrecôte',
    price: 2400,
    departmentKey: 'plats',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
    variationGroupKeys: ['cuisson', 'accompagnement', 'sauce'],
  },
  {
    title: 'Steak tartare',
    shortTitle: 'Tartare',
    price: 1950,
    departmentKey: 'plats',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
    variationGroupKeys: ['accompagnement'],
  },
  {
    title: 'Salade César',
    shortTitle: 'César',
    price: 1650,
    departmentKey: 'plats',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
  },
  {
    title: 'Quiche lorraine',
    shortTitle: 'Quiche',
    price: 1250,
    departmentKey: 'plats',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
    variationGroupKeys: ['accompagnement'],
  },
  {
    title: 'Confit de canard',
    shortTitle: 'Confit',
    price: 2200,
    departmentKey: 'plats',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
    variationGroupKeys: ['accompagnement'],
  },
  {
    title: 'Burger du Comptoir',
    shortTitle: 'Burger',
    price: 1850,
    departmentKey: 'plats',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
    variationGroupKeys: ['cuisson', 'accompagnement', 'sauce'],
  },
  {
    title: 'Omelette jambon fromage',
    shortTitle: 'Omelette',
    price: 1200,
    departmentKey: 'plats',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
    variationGroupKeys: ['accompagnement'],
  },
  {
    title: 'Bœuf bourguignon',
    shortTitle: 'Bourguignon',
    price: 2100,
    departmentKey: 'plats',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
    variationGroupKeys: ['accompagnement'],
  },

  // Formules
  {
    title: 'Formule petit-déjeuner',
    shortTitle: 'F. petit-déj',
    price: 1050,
    departmentKey: 'formules',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
    variationGroupKeys: ['lait'],
  },
  {
    title: 'Formule midi entrée + plat',
    shortTitle: 'F. entrée-plat',
    price: 2150,
    departmentKey: 'formules',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
  },
  {
    title: 'Formule midi plat + dessert',
    shortTitle: 'F. plat-dessert',
    price: 2150,
    departmentKey: 'formules',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
  },
  {
    title: 'Formule complète',
    shortTitle: 'F. complète',
    price: 2650,
    departmentKey: 'formules',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
  },

  // Boissons fraîches: sealed packaging 5.5 % takeaway, 10 % eat-in
  {
    title: 'Coca-Cola 33cl',
    shortTitle: 'Coca',
    price: 480,
    departmentKey: 'boissons-fraiches',
    vatTakeawayBp: 550,
    vatEatInBp: 1000,
    barcode: '5449000000996',
    stock: 48,
    stockAlert: 12,
  },
  {
    title: 'Coca-Cola Zero 33cl',
    shortTitle: 'Coca Zero',
    price: 480,
    departmentKey: 'boissons-fraiches',
    vatTakeawayBp: 550,
    vatEatInBp: 1000,
    barcode: '5449000131805',
    stock: 24,
    stockAlert: 6,
  },
  {
    title: 'Perrier 33cl',
    shortTitle: 'Perrier',
    price: 450,
    departmentKey: 'boissons-fraiches',
    vatTakeawayBp: 550,
    vatEatInBp: 1000,
    barcode: '3179730004804',
    stock: 36,
    stockAlert: 8,
  },
  {
    title: 'Evian 50cl',
    shortTitle: 'Evian',
    price: 400,
    departmentKey: 'boissons-fraiches',
    vatTakeawayBp: 550,
    vatEatInBp: 1000,
    barcode: '3068320113784',
    stock: 48,
    stockAlert: 12,
  },
  {
    title: 'Orangina 25cl',
    shortTitle: 'Orangina',
    price: 480,
    departmentKey: 'boissons-fraiches',
    vatTakeawayBp: 550,
    vatEatInBp: 1000,
    barcode: '3249000002301',
    stock: 24,
    stockAlert: 6,
  },
  {
    title: "Jus d'orange pressé",
    shortTitle: 'Orange pressée',
    price: 650,
    departmentKey: 'boissons-fraiches',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
    variationGroupKeys: ['taille'],
  },
  {
    title: 'Limonade artisanale 33cl',
    shortTitle: 'Limonade',
    price: 500,
    departmentKey: 'boissons-fraiches',
    vatTakeawayBp: 550,
    vatEatInBp: 1000,
    barcode: '3760123400152',
    stock: 24,
    stockAlert: 6,
  },
  {
    title: 'Diabolo',
    shortTitle: 'Diabolo',
    price: 450,
    departmentKey: 'boissons-fraiches',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
    variationGroupKeys: ['sirop'],
  },
  {
    title: "Sirop à l'eau",
    shortTitle: 'Sirop eau',
    price: 300,
    departmentKey: 'boissons-fraiches',
    vatTakeawayBp: 1000,
    vatEatInBp: 1000,
    variationGroupKeys: ['sirop'],
  },

  // Bières: 20 % always
  {
    title: 'Pression 25cl (Demi)',
    shortTitle: 'Demi',
    price: 400,
    departmentKey: 'bieres',
    vatTakeawayBp: 2000,
    vatEatInBp: 2000,
    variationGroupKeys: ['sirop'],
  },
  {
    title: 'Pinte 50cl',
    shortTitle: 'Pinte',
    price: 800,
    departmentKey: 'bieres',
    vatTakeawayBp: 2000,
    vatEatInBp: 2000,
    variationGroupKeys: ['sirop'],
  },
  {
    title: 'Bière blanche pression 25cl',
    shortTitle: 'Blanche',
    price: 500,
    departmentKey: 'bieres',
    vatTakeawayBp: 2000,
    vatEatInBp: 2000,
  },
  {
    title: '1664 Blanche 33cl',
    shortTitle: '1664 Blanche',
    price: 650,
    departmentKey: 'bieres',
    vatTakeawayBp: 2000,
    vatEatInBp: 2000,
    barcode: '3080200016640',
    stock: 24,
    stockAlert: 6,
  },
  {
    title: 'Bière IPA artisanale 33cl',
    shortTitle: 'IPA',
    price: 750,
    departmentKey: 'bieres',
    vatTakeawayBp: 2000,
    vatEatInBp: 2000,
    barcode: '3760123400220',
    stock: 18,
    stockAlert: 6,
  },

  // Vins: 20 % always
  {
    title: 'Verre de Côtes-du-Rhône',
    shortTitle: 'Vr Côtes-Rhône',
    price: 600,
    departmentKey: 'vins',
    vatTakeawayBp: 2000,
    vatEatInBp: 2000,
  },
  {
    title: 'Pichet de Côtes-du-Rhône 50cl',
    shortTitle: 'Pichet CdR',
    price: 2000,
    departmentKey: 'vins',
    vatTakeawayBp: 2000,
    vatEatInBp: 2000,
  },
  {
    title: 'Verre de Sancerre blanc',
    shortTitle: 'Vr Sancerre',
    price: 850,
    departmentKey: 'vins',
    vatTakeawayBp: 2000,
    vatEatInBp: 2000,
  },
  {
    title: 'Verre de rosé de Provence',
    shortTitle: 'Vr rosé',
    price: 650,
    departmentKey: 'vins',
    vatTakeawayBp: 2000,
    vatEatInBp: 2000,
  },
  {
    title: 'Bouteille de Bordeaux supérieur 75cl',
    shortTitle: 'Btl Bordeaux',
    price: 3400,
    departmentKey: 'vins',
    vatTakeawayBp: 2000,
    vatEatInBp: 2000,
    barcode: '3012345001281',
    stock: 24,
    stockAlert: 6,
  },
  {
    title: 'Coupe de champagne',
    shortTitle: 'Coupe champ.',
    price: 1200,
    departmentKey: 'vins',
    vatTakeawayBp: 2000,
    vatEatInBp: 2000,
  },
  {
    title: 'Bouteille de champagne brut 75cl',
    shortTitle: 'Btl champagne',
    price: 7500,
    departmentKey: 'vins',
    vatTakeawayBp: 2000,
    vatEatInBp: 2000,
    barcode: '3760123400398',
    stock: 12,
    stockAlert: 3,
  },

  // Apéritifs & spiritueux: 20 % always
  {
    title: 'Kir',
    shortTitle: 'Kir',
    price: 550,
    departmentKey: 'aperitifs',
    vatTakeawayBp: 2000,
    vatEatInBp: 2000,
  },
  {
    title: 'Kir royal',
    shortTitle: 'Kir royal',
    price: 1200,
    departmentKey: 'aperitifs',
    vatTakeawayBp: 2000,
    vatEatInBp: 2000,
  },
  {
    title: 'Pastis 2cl',
    shortTitle: 'Pastis',
    price: 500,
    departmentKey: 'aperitifs',
    vatTakeawayBp: 2000,
    vatEatInBp: 2000,
  },
  {
    title: 'Spritz',
    shortTitle: 'Spritz',
    price: 1000,
    departmentKey: 'aperitifs',
    vatTakeawayBp: 2000,
    vatEatInBp: 2000,
  },
  {
    title: 'Calvados 4cl',
    shortTitle: 'Calvados',
    price: 900,
    departmentKey: 'aperitifs',
    vatTakeawayBp: 2000,
    vatEatInBp: 2000,
  },
  {
    title: 'Cognac 4cl',
    shortTitle: 'Cognac',
    price: 1100,
    departmentKey: 'aperitifs',
    vatTakeawayBp: 2000,
    vatEatInBp: 2000,
  },
];

export const demoClients: DemoClient[] = [
  {
    firstname: 'Marie',
    lastname: 'Dupond',
    email: 'marie.dupond@example.com',
    phone: '01 99 00 12 34',
    address: '12 rue de Bretagne',
    zip: '75003',
    city: 'Paris',
    country: 'France',
  },
  {
    firstname: 'Jean',
    lastname: 'Dupont',
    email: 'jean.dupont@example.com',
    phone: '06 39 98 45 12',
    address: '8 rue Oberkampf',
    zip: '75011',
    city: 'Paris',
    country: 'France',
  },
  {
    firstname: 'Sophie',
    lastname: 'Martin',
    email: 'sophie.martin@example.com',
    phone: '06 39 98 21 07',
    address: '45 boulevard Beaumarchais',
    zip: '75003',
    city: 'Paris',
    country: 'France',
  },
  {
    firstname: 'Karim',
    lastname: 'Benali',
    email: 'karim.benali@example.com',
    phone: '06 39 98 63 90',
    address: '3 rue des Archives',
    zip: '75004',
    city: 'Paris',
    country: 'France',
  },
  {
    firstname: 'Camille',
    lastname: 'Lefèvre',
    email: 'camille.lefevre@example.com',
    phone: '01 99 00 56 78',
    address: '27 rue Montorgueil',
    zip: '75002',
    city: 'Paris',
    country: 'France',
  },
  {
    firstname: 'Thomas',
    lastname: 'Moreau',
    email: 'thomas.moreau@example.com',
    address: '19 rue de Turenne',
    zip: '75004',
    city: 'Paris',
    country: 'France',
  },
  {
    firstname: 'Léa',
    lastname: 'Garnier',
    phone: '06 39 98 77 41',
    address: '6 rue Charlot',
    zip: '75003',
    city: 'Paris',
    country: 'France',
  },
  {
    firstname: 'Antoine',
    lastname: 'Rousseau',
    email: 'antoine.rousseau@example.com',
    phone: '01 99 00 90 11',
    address: '54 rue du Faubourg Saint-Denis',
    zip: '75010',
    city: 'Paris',
    country: 'France',
  },
  {
    firstname: 'Nathalie',
    lastname: 'Nguyen',
    email: 'nathalie.nguyen@example.com',
    phone: '06 39 98 30 55',
    address: '11 rue de la Roquette',
    zip: '75011',
    city: 'Paris',
    country: 'France',
  },
  {
    firstname: 'Pierre',
    lastname: 'Lambert',
    email: 'pierre.lambert@example.com',
    address: '2 place de la Mairie',
    zip: '93100',
    city: 'Montreuil',
    country: 'France',
  },
];

export const demoUsers: DemoUser[] = [
  { name: 'Isabelle Fournier', role: 'owner' },
  { name: 'Julien Mercier', role: 'manager' },
  { name: 'Chloé Bernard', role: 'waiter' },
  { name: 'Mehdi Haddad', role: 'waiter' },
  { name: 'Lucie Petit', role: 'cashier' },
];

export const demoCashboxes: string[] = ['Caisse principale', 'Caisse terrasse'];

export const demoTableFloors: { floor: string; from: number; to: number; seats: number }[] = [
  { floor: 'Salle', from: 1, to: 40, seats: 4 },
  { floor: 'Terrasse', from: 41, to: 70, seats: 2 },
  { floor: 'Étage', from: 71, to: 90, seats: 4 },
];

export const demoPaymentMethods: DemoPaymentMethod[] = [
  { name: 'Espèces', type: 'cash', refund: false },
  { name: 'Carte bancaire', type: 'card', refund: false },
  { name: 'Chèque', type: 'check', refund: false },
  { name: 'Virement', type: 'bank_transfer', refund: false },
  { name: 'Ticket restaurant', type: 'meal_voucher', refund: false },
  { name: 'Chèque vacances', type: 'holiday_voucher', refund: false },
  { name: 'Remboursement espèces', type: 'cash', refund: true },
  { name: 'Remboursement carte', type: 'card', refund: true },
];

export const demoDeliveryZones: DemoDeliveryZone[] = [
  { name: 'Zone 1 - Centre', postcodes: ['75001', '75002', '75003', '75004'], fee: 250, minOrder: 1500 },
  {
    name: 'Zone 2 - Proche',
    postcodes: ['75005', '75006', '75009', '75010', '75011'],
    fee: 400,
    minOrder: 2000,
  },
  {
    name: 'Zone 3 - Étendue',
    postcodes: ['75012', '75018', '75019', '75020'],
    fee: 600,
    minOrder: 3000,
  },
];

export const demoRelayPoints: DemoRelayPoint[] = [
  { name: 'Relais Tabac des Halles', address: '15 rue Rambuteau', zip: '75001', city: 'Paris' },
  { name: 'Épicerie du Temple', address: '82 rue du Temple', zip: '75003', city: 'Paris' },
  { name: 'Librairie Saint-Paul', address: '4 rue Saint-Antoine', zip: '75004', city: 'Paris' },
];

export const demoDeliveryMen: { name: string; phone: string }[] = [
  { name: 'Yanis Roux', phone: '06 39 98 11 22' },
  { name: 'Inès Colin', phone: '06 39 98 33 44' },
  { name: 'Hugo Faure', phone: '06 39 98 55 66' },
];

export const demoDiscounts: DemoDiscount[] = [
  { name: 'Happy hour -20 %', kind: 'percent', value: 2000 },
  { name: 'Remise fidélité 10 %', kind: 'percent', value: 1000 },
  { name: 'Remise personnel 50 %', kind: 'percent', value: 5000 },
  { name: 'Geste commercial 5 €', kind: 'amount', value: 500 },
];
