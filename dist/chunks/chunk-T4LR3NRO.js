import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="f6856cf867e5aa6f";export{_ as a,e as b};
