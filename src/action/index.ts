// Placeholder until the action adapter lands; the bundle layout is fixed now.
export {};
