import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var t=e=>typeof e=="number",o="<root_account>",a=e=>e.split(":")[1]??"aws",n=new Map([["aws-us-gov","in AWS GovCloud (US) the root user cannot sign in"],["aws-cn","AWS China (Beijing, Ningxia) accounts have no root user sign-in"]]);export{t as a,o as b,a as c,n as d};
