import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="b92a3c1373dced00";export{_ as a,e as b};
