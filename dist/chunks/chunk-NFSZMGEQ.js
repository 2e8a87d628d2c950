import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a as e}from"./chunk-6ZGVWTIR.js";var o=e(t=>typeof t=="number","isDate"),a="<root_account>";export{o as a,a as b};
