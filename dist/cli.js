#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a as A,b as Y,c as q,d as G,e as D,f as j,g as N}from"./chunks/chunk-Q4VKCXZQ.js";import{b as W,c as Q,d as Z,e as ee,g as te,h as k}from"./chunks/chunk-EV2ITIQB.js";import{a as L,c as J,d as z}from"./chunks/chunk-JYR3FBIQ.js";import"./chunks/chunk-IHT4WODQ.js";import{a as B,b as K,c as X}from"./chunks/chunk-R5VCD4QG.js";import"./chunks/chunk-LK3HGIHR.js";import{b as V,d as C}from"./chunks/chunk-YDQ57UK6.js";import"./chunks/chunk-YIYXTC5G.js";import"./chunks/chunk-FLJ6VSLH.js";import{b,d as _,g as H}from"./chunks/chunk-WFE47DVQ.js";import"./chunks/chunk-TQNOZ5EH.js";import"./chunks/chunk-Z56MMKGK.js";import{a as M}from"./chunks/chunk-EUO3DH73.js";import"./chunks/chunk-SPELYATQ.js";import"./chunks/chunk-MYLAHFPF.js";import"./chunks/chunk-JCDPND7K.js";import"./chunks/chunk-XQ7EEKCW.js";import"./chunks/chunk-HJZYVOA3.js";import{a as S,e as T}from"./chunks/chunk-4W7GZ6XQ.js";import{a as O}from"./chunks/chunk-WADOYV35.js";import"./chunks/chunk-XCWQ4KJ6.js";import{a as m,c as I}from"./chunks/chunk-KQ5PHHRF.js";import{a as c}from"./chunks/chunk-6ZGVWTIR.js";import{parseArgs as P}from"node:util";import{writeFile as ce}from"node:fs/promises";import{parseArgs as Se}from"node:util";var we={bold:1,dim:2,red:31,green:32,yellow:33,cyan:36},ye={critical:["bold","red"],high:["red"],medium:["yellow"],low:["dim"]},be=/(?<!`)(`+)(?!`)([\s\S]*?[^`]|)\1(?!`)/g,xe=c(e=>e.length>1&&e.startsWith(" ")&&e.endsWith(" ")&&e.trim()!==""?e.slice(1,-1):e,"unpad");function F(e,t={}){let i=c((o,...f)=>t.color&&f.length>0?`\x1B[${f.map(E=>we[E]).join(";")}m${o}\x1B[0m`:o,"paint"),n=c(o=>b(o).replace(be,(f,E,v)=>i(xe(v),"cyan")),"prose"),a=e.summary,l=[],r=e.passed?i("PASSED","bold","green"):i("FAILED","bold","red"),s=[e.account.label,e.account.id].filter(Boolean).map(o=>b(o));l.push(`${r}  ${a.failing} failing of ${a.findings} findings (fail_on ${e.policy.failOn}) \xB7 ${a.users} users${s.length>0?` \xB7 account ${s.join(" ")}`:""}`);let u=c(o=>M.filter(f=>o[f]>0).map(f=>`${o[f]} ${f}`).join(", ")||"none","bySeverity");l.push(`        failing: ${u(a.failingBySeverity)} \xB7 exempted: ${a.exempted} \xB7 report generated ${e.reportGeneratedAt??"unknown"} \xB7 policy ${b(e.policy.file)}`);for(let o of e.policyWarnings??[])l.push(`${i("warning","yellow")}: the policy weakens the gate: ${n(o.message)}`);let h=e.findings.filter(o=>o.failing),p=e.findings.filter(o=>!o.failing&&!o.exempted),g=e.findings.filter(o=>o.exempted),d=Oe(e.findings),w=c(o=>{let f=o.severity.padEnd(d.severity);return`  ${i(f,...ye[o.severity])}  ${b(o.rule).padEnd(d.rule)}  ${i(ie(o).padEnd(d.user),"bold")}  ${$e(o)}`},"row"),x=" ".repeat(2+d.severity+2),y=c(()=>i(`  ${"SEVERITY".padEnd(d.severity)}  ${"RULE".padEnd(d.rule)}  ${"USER".padEnd(d.user)}  WHERE`,"dim"),"header"),$=c((o,f,E)=>{if(f.length!==0){l.push("",i(`${o} (${f.length})`,"bold"),y());for(let v of f){l.push(w(v));for(let ge of E(v))l.push(`${x}${ge}`)}}},"section");if($("Failing findings",h,o=>[n(o.message),`${i("fix:","bold")} ${n(o.remediation)}`]),$("Below fail_on",p,o=>[n(o.message)]),$("Exempted",g,o=>[n(o.message),`${i("exempted:","dim")} ${n(o.exemption?.reason??"")} (until ${o.exemption?.expires??"?"})`]),e.warnings.length>0){l.push("",i(`Warnings (${e.warnings.length})`,"bold"));for(let o of e.warnings)l.push(`  - ${n(o)}`)}return e.findings.length===0&&l.push("","No findings."),`${l.join(`
`)}
`}c(F,"renderText");var ne=c((e,t={})=>F({...e,findings:[],warnings:[],policyWarnings:[]},t).split(`
`)[0]+`
`,"textVerdict"),ie=c(e=>e.user===null?"(report)":b(e.user),"userOf");function $e(e){let t=e.terraform.find(i=>i.file!==null);return t?b(`${t.file}${t.line!==null?`:${t.line}`:""}`):"\u2014"}c($e,"whereOf");function Oe(e){let t=4,i=4;for(let n of e)t=Math.max(t,n.rule.length),i=Math.max(i,Math.min(32,ie(n).length));return{severity:8,rule:t,user:i}}c(Oe,"columnWidths");var re={accounts:{type:"string"},"role-arn-template":{type:"string"},"role-session-name":{type:"string",default:"iam-credential-gate"},"output-dir":{type:"string"},"account-concurrency":{type:"string"},"account-timeout-seconds":{type:"string"}};async function oe(e,t,i){for(let y of["report","output","account-id","account-label","report-generated-at","format","json-file","sarif-file","markdown-file"])if(e[y]!==void 0)throw new m(`--${y} cannot be given with --accounts`,{},"with --accounts, every account has its report fetched through its role, written to --output-dir as <account id>.json, labelled with the names the account list holds; merge them for Markdown or SARIF");if(e["sarif-include-exempted"]===!0)throw new m("--sarif-include-exempted cannot be given with --accounts",{},"with --accounts, every account has a JSON report in --output-dir; merge them with --format sarif");let[n,a]=await Promise.all([import("./chunks/assume-role-Q3M4T2LP.js"),import("./chunks/check-accounts-QH5B7ST2.js")]),l=R(e["role-arn-template"],"--role-arn-template");n.checkRoleArnTemplate(l,"--role-arn-template");let r=e["role-session-name"]??"iam-credential-gate";n.checkSessionName(r,"--role-session-name");let s=R(e["output-dir"],"--output-dir"),u=e["account-concurrency"]===void 0?a.DEFAULT_ACCOUNT_CONCURRENCY:k(e["account-concurrency"],"--account-concurrency",a.MAX_ACCOUNT_CONCURRENCY),h=e["account-timeout-seconds"]===void 0?a.DEFAULT_ACCOUNT_TIMEOUT_MS:k(e["account-timeout-seconds"],"--account-timeout-seconds",3600)*1e3,p=await ee(R(e.accounts,"--accounts"),"--accounts"),g=e["base-policy"],d=g===void 0?void 0:{text:(await S(g,"base policy file",T)).toString("utf8"),label:g},w=await a.checkAccounts({accounts:p,roleArnTemplate:l,roleSessionName:r,outputDir:s,policyFile:t.policy,now:t.now,failOn:t.failOn,failOnSource:"--fail-on",terraformDirs:e["terraform-dir"],terraformDirSource:"--terraform-dir",terraformState:e["terraform-state"],terraformCacheDir:e["cache-dir"],basePolicy:d,concurrency:u,accountTimeoutMs:h,log:e.quiet===!0?()=>{}:y=>i.stderr(`iam-credential-gate: ${y}
`),clock:i.clock}),x=c(y=>w.filter($=>$.status===y).length,"count");return i.stderr(`iam-credential-gate: ${w.length} account(s): ${x("passed")} passed, ${x("failed")} failed, ${x("errored")} errored; reports in ${s}
`),a.exitCodeOf(w)}c(oe,"checkAccountsCommand");var ae={from:{type:"string"},batches:{type:"string"},"batch-size":{type:"string"}};async function se(e,t){if(e.batches!==void 0&&e["batch-size"]!==void 0)throw new m("give --batches or --batch-size, not both");let i;if(e.from!==void 0){if(e["include-inactive"])throw new m("--include-inactive is for Organizations, not for --from");let u=(await S(e.from,"account list",16*1024*1024)).toString("utf8");i=Z(u,e.from)}else{let{listOrganizationAccounts:u,createOrganizationsClient:h}=await import("./chunks/organizations-GQ5CANAH.js"),p=h();try{i=await u(p,{includeInactive:e["include-inactive"]??!1})}finally{p.destroy()}}let n=`${JSON.stringify(i,null,2)}
`,a=e.batches!==void 0?{batches:k(e.batches,"--batches",Q)}:e["batch-size"]!==void 0?{batchSize:k(e["batch-size"],"--batch-size",1e5)}:void 0;if(a===void 0)return e.output?await C([n],e.output):t.stdout(n),t.stderr(`iam-credential-gate: ${i.length} account(s)
`),0;let l=[],r=te(i,a,l);e.output&&await C([n],e.output),t.stdout(`${JSON.stringify(r)}
`);for(let u of l)t.stderr(`iam-credential-gate: ${u}
`);let s=r.include.map(u=>u.accounts.length);return t.stderr(`iam-credential-gate: ${i.length} account(s) in ${s.length} batch(es) of ${Math.min(...s)}${Math.max(...s)>Math.min(...s)?`-${Math.max(...s)}`:""}
`),0}c(se,"listAccountsCommand");function R(e,t){if(e===void 0||e==="")throw new m(`${t} is required with --accounts`,{},"see --help");return e}c(R,"need");var Ce=["text",...B];async function le(e,t,i){let{values:n}=Se({args:[...e],strict:!0,allowPositionals:!1,options:{...j,"report-generated-at":{type:"string"},format:{type:"string"},output:{type:"string"},"json-file":{type:"string"},"sarif-file":{type:"string"},"markdown-file":{type:"string"},"sarif-include-exempted":{type:"boolean",default:!1},quiet:{type:"boolean",short:"q",default:!1},"account-label":{type:"string"},"account-id":{type:"string"},"base-policy":{type:"string"},...re}});if(n.accounts!==void 0)return await oe(n,{policy:A(n.policy,"--policy"),now:G(n.now,t.clock),failOn:D(n["fail-on"])},t);let a=Y(n.format??(t.isTTY&&n.output===void 0?"text":"markdown"),Ce,"--format"),l=n.output!==void 0&&(a==="json"||a==="sarif");i({json:[n["json-file"],l&&a==="json"?n.output:void 0].filter(d=>d!==void 0),sarif:[n["sarif-file"],l&&a==="sarif"?n.output:void 0].filter(d=>d!==void 0),id:n["account-id"]??null,label:n["account-label"]??null});let r=await z({...N(n,t.clock),reportGeneratedAt:n["report-generated-at"]===void 0?void 0:q(n["report-generated-at"],"--report-generated-at"),accountLabel:n["account-label"],accountId:n["account-id"],...n["base-policy"]!==void 0&&{basePolicy:{text:(await S(n["base-policy"],"base policy file",T)).toString("utf8"),label:n["base-policy"]}}}),s=n.quiet;if(!s&&!(a==="text"&&n.output===void 0))for(let d of r.policyWarnings??[])t.stderr(`iam-credential-gate: warning: the policy weakens the gate: ${d.message}
`);let u={includeExempted:n["sarif-include-exempted"],uriOf:_(t.root??process.cwd(),process.cwd())},h=c(d=>d==="text"?[F(r,{color:t.color&&n.output===void 0})]:K(r,d,{},u),"chunks"),p=`${r.passed?"passed":"FAILED"}: ${r.summary.failing} failing of ${r.summary.findings} findings (fail_on ${r.policy.failOn})`,g=[[n.output,a],[n["json-file"],"json"],[n["sarif-file"],"sarif"],[n["markdown-file"],"markdown"]];for(let[d,w]of g)d!==void 0&&(await C(h(w),d),s||t.stderr(`iam-credential-gate: ${p}; ${w} written to ${d}
`));if(s)t.stdout(ne(r,{color:t.color}));else if(n.output===void 0)for(let d of V(h(a)))t.stdout(d);return r.passed?0:1}c(le,"checkCommand");async function de(e,t,i,n=process.cwd()){let a={id:i.id,label:i.label},l=I(t)?t.place:{},r=c(()=>H(e,O,i.id,l,_(n,process.cwd())),"sarif");await Promise.all([...i.json.map(s=>ce(s,X(e,a,O)).catch(()=>{})),...i.sarif.map(s=>ce(s,r()).catch(()=>{}))])}c(de,"writeErrorFiles");import{writeFile as ke}from"node:fs/promises";import{parseArgs as Ee}from"node:util";async function ue(e,t){let{values:i}=Ee({args:[...e],strict:!0,allowPositionals:!1,options:{...j,rule:{type:"string",multiple:!0},user:{type:"string",multiple:!0},write:{type:"boolean",default:!1},output:{type:"string"}}}),{runFix:n}=await import("./chunks/fix-ZTKAG25P.js"),a=await n({...N(i,t.clock),rules:i.rule,users:i.user,write:i.write});for(let r of a.manual)t.stderr(`iam-credential-gate: manual: ${r.user} (${r.rule}): ${r.reason}${r.file!==null?` \u2014 ${r.file}${r.line!==null?`:${r.line}`:""}`:""}
`);let l=`fix: ${a.fixed.length} verified, ${a.manual.length} manual; ${a.files.length} files ${i.write?"written":"in the patch"}`;return i.output!==void 0?(await ke(i.output,a.patch),t.stderr(`iam-credential-gate: ${l}; patch written to ${i.output}
`)):(i.write||t.stdout(a.patch),t.stderr(`iam-credential-gate: ${l}
`)),a.manual.length>0?1:0}c(ue,"fixCommand");var fe={check:`Usage: iam-credential-gate check --report <csv|json> --policy <file> [options]

Evaluates a credential report against a policy. Exit 0 passed, 1 the gate failed, 2 input error.

Inputs:
  --report <file>               the credential report: CSV, or the JSON of aws iam get-credential-report
  --policy <file>               the policy (YAML or JSON)
  --terraform-dir [<id>=]<dir>  a directory to scan for the users' Terraform (repeatable); 123456789012=dir
                                binds it to that account
  --terraform-state <json>      terraform show -json output (authoritative addresses)
  --report-generated-at <time>  when AWS generated the report (default: the JSON's GeneratedTime,
                                else <report>.meta.json, else unknown)
  --now <time>                  evaluation time, ISO-8601 (default: now)
  --fail-on <severity>          critical|high|medium|low|never: overrides the policy's fail_on
  --account-label <label>       a label for the account in every output
  --account-id <12 digits>      the account the report must be of
  --base-policy <file>          list what the policy changes since this one
  --cache-dir <dir>             keep parsed Terraform across runs (a cache keyed by file content)

Several accounts in one job (each report fetched through a role; one JSON report per account):
  --accounts <ids|file>         account ids (comma-separated), or a file of them / list-accounts JSON
  --role-arn-template <arn>     the role to assume in each, e.g. arn:aws:iam::{account}:role/gate
  --role-session-name <name>    (default iam-credential-gate)
  --output-dir <dir>            where <account id>.json goes (an error report for an account that fails)
  --account-concurrency <n>     accounts checked at once (default 8, at most 64)
  --account-timeout-seconds <n> bound on each account, role and fetch (default 300)

Outputs:
  --format text|markdown|json|sarif
                                what goes to stdout (or --output): default text on a terminal,
                                markdown otherwise
  --output <file>               write that format to a file instead of stdout
  --json-file <file>            also write the JSON report (an error report on input errors)
  --sarif-file <file>           also write SARIF 2.1.0 (an unsuccessful-analysis log on input errors)
  --markdown-file <file>        also write the Markdown summary
  --sarif-include-exempted      exempted findings as suppressed SARIF results (default: left out)
  --quiet, -q                   print only the verdict line (and errors); files are still written
  --help, -h                    this help

Text is coloured only on a terminal, and never when NO_COLOR is set.`,fix:`Usage: iam-credential-gate fix --report <csv|json> --policy <file> --terraform-dir <dir>... [options]

Prints the verified edit plans of the failing findings as one unified diff (paths relative to the
working directory, for git apply), or applies them with --write. Exit 0 every selected finding had
a verified plan (an empty diff when there is nothing to fix), 1 some are manual (listed on stderr
with file:line and why; the diff holds the verified ones), 2 input error.

  --report <file>               the credential report: CSV, or the JSON of aws iam get-credential-report
  --policy <file>               the policy (YAML or JSON)
  --terraform-dir [<id>=]<dir>  a directory to scan (repeatable; 123456789012=dir binds it to that account)
  --terraform-state <json>      terraform show -json output (authoritative addresses)
  --cache-dir <dir>             keep parsed Terraform across runs (a cache keyed by file content)
  --now <time>                  evaluation time, ISO-8601 (default: now)
  --fail-on <severity>          critical|high|medium|low|never: overrides the policy's fail_on
  --rule <id>                   the rules whose findings to fix (repeatable; default unused-user)
  --user <glob>                 only these users (repeatable)
  --write                       apply the edits in place (plans that fit only after others are
                                planned again on the result, a round at a time)
  --output <file>               write the patch to a file instead of stdout
  --help, -h                    this help`,merge:`Usage: iam-credential-gate merge <report.json>... [options]

Merges per-account JSON reports into one verdict. Exit 0 passed, 1 an account failed, is stale,
errored or missing, 2 input error.

  --expect-accounts <file>      the accounts that must have a report (one id per line, # comments,
                                or the JSON list-accounts prints)
  --fail-on <severity>          critical|high|medium|low|never (default high)
  --max-report-age-hours <n>    a report evaluated longer ago makes its account stale (default 48)
  --now <time>                  evaluation time, ISO-8601 (default: now)
  --format markdown|json|sarif  (default markdown)
  --output <file>               write to a file instead of stdout
  --help, -h                    this help`,"list-accounts":`Usage: iam-credential-gate list-accounts [options]

Lists the accounts of the AWS Organization (ListAccounts; needs the management account or a
delegated administrator) as JSON, for --expect-accounts and matrix jobs.

  --output <file>               write to a file instead of stdout
  --include-inactive            also accounts that are suspended or being closed
  --batches <n>                 print a GitHub matrix of n batches (at most 256 jobs)
  --batch-size <k>              or: batches of k accounts (raised if it needs more than 256 jobs)
  --from <file>                 batch this list of accounts instead of asking Organizations
  --help, -h                    this help`,fetch:`Usage: iam-credential-gate fetch --output <csv> [options]

Generates and downloads the credential report with the AWS SDK's default credentials, and
records its generation time in <csv>.meta.json.

  --output <csv>                where to write the report (required)
  --max-wait-seconds <n>        bound on the whole fetch, retries included (default 120)
  --help, -h                    this help`,"validate-policy":`Usage: iam-credential-gate validate-policy <file>

Checks a policy file and says what it weakens. Exit 0 valid, 2 invalid (every error listed).

  --help, -h                    this help`,presets:`Usage: iam-credential-gate presets

Lists the baselines a policy can extend (extends: <name>).

  --help, -h                    this help`};function pe(e,t){if(e===void 0||!Object.hasOwn(fe,e))return;let i=t.indexOf("--"),n=i===-1?t:t.slice(0,i);return n.includes("--help")||n.includes("-h")?fe[e]:void 0}c(pe,"helpRequested");var me=`Usage:
  iam-credential-gate check --report <csv|json> --policy <file>
                            [--terraform-dir [<account id>=]<dir>]... [--terraform-state <json>]
                            [--report-generated-at <ISO-8601>] [--now <ISO-8601>]
                            [--format text|markdown|json|sarif] [--output <file>]
                            [--json-file <file>] [--sarif-file <file>] [--markdown-file <file>]
                            [--sarif-include-exempted] [--quiet]
                            [--fail-on critical|high|medium|low|never]
                            [--account-label <label>] [--account-id <12 digits>]
                            [--base-policy <file>]   (list what changed since this policy)
                            [--cache-dir <dir>]   (parsed Terraform kept across runs)
  iam-credential-gate check --accounts <ids|file|JSON> --policy <file> --output-dir <dir>
                            --role-arn-template arn:aws:iam::{account}:role/<name>
                            [--role-session-name <name>] [--account-concurrency <n>] (default 8)
                            [--account-timeout-seconds <n>] (default 300) [--terraform-dir ...]
                            (one <account id>.json per account; exit code the worst account's)
  iam-credential-gate fix --report <csv|json> --policy <file> --terraform-dir <dir>...
                            [--terraform-state <json>] [--now <ISO-8601>] [--fail-on <severity>]
                            [--rule <id>]... (default unused-user) [--user <glob>]... [--cache-dir <dir>]
                            [--write] [--output <patch file>]   (a unified diff, for git apply)
  iam-credential-gate merge <report.json>... [--expect-accounts <file>]
                            [--fail-on critical|high|medium|low|never]   (default high)
                            [--max-report-age-hours <n>] (default 48) [--now <ISO-8601>]
                            [--format markdown|json|sarif] [--output <file>]
  iam-credential-gate list-accounts [--output <file>] [--include-inactive] [--from <file>]
                            [--batches <n> | --batch-size <n>]   (prints a GitHub matrix, <= 256 jobs)
  iam-credential-gate fetch --output <csv> [--max-wait-seconds <n>]   (default 120)
  iam-credential-gate validate-policy <file>
  iam-credential-gate presets                (the baselines a policy can extend)
  iam-credential-gate --version
  iam-credential-gate <command> --help       (the options of one command)

Exit codes: 0 passed, 1 the gate failed, 2 usage or input error.`,U={closed:!1},ve={stdout:c(e=>{U.closed||process.stdout.write(e)},"stdout"),stderr:c(e=>process.stderr.write(W(e)),"stderr"),clock:c(()=>Date.now(),"clock"),isTTY:process.stdout.isTTY===!0,color:process.stdout.isTTY===!0&&!process.env.NO_COLOR,root:process.env.GITHUB_WORKSPACE||void 0};async function he(e,t=ve){let[i,...n]=e,a,l=pe(i,n);if(l!==void 0)return t.stdout(`${l}
`),0;try{switch(i){case"check":return await le(n,t,r=>a=r);case"fix":return await ue(n,t);case"fetch":{let{values:r}=P({args:n,strict:!0,allowPositionals:!1,options:{output:{type:"string"},"max-wait-seconds":{type:"string",default:"120"}}}),s=A(r.output,"--output"),u=Number(r["max-wait-seconds"]);if(!Number.isFinite(u)||u<=0)throw new m(`--max-wait-seconds must be a positive number, not "${r["max-wait-seconds"]}"`);let{fetchReportToFile:h}=await import("./chunks/fetch-Y6AWBRCG.js"),p=await h({output:s,maxWaitMs:u*1e3,log:c(g=>t.stderr(`iam-credential-gate: ${g}
`),"log"),clock:t.clock});return t.stderr(`iam-credential-gate: credential report generated ${p.generatedAt.toISOString()} written to ${s} (${p.content.length} bytes, ${p.calls} API calls); generation time in ${s}.meta.json
`),0}case"merge":{let{mergeCommand:r}=await import("./chunks/merge-B7MEB72X.js");return await r(n,t)}case"list-accounts":{let{values:r}=P({args:n,strict:!0,allowPositionals:!1,options:{output:{type:"string"},"include-inactive":{type:"boolean",default:!1},...ae}});return await se(r,t)}case"presets":{if(n.length>0)throw new m("presets takes no arguments");let{renderPresetList:r}=await import("./chunks/presets-doc-Y6ZRA5DR.js");return t.stdout(r()),0}case"validate-policy":{let{positionals:r}=P({args:n,strict:!0,allowPositionals:!0,options:{}});if(r.length!==1)throw new m("validate-policy takes exactly one policy file");let s=await J(r[0],t.clock());t.stdout(`${s.file}: valid (${s.presets.length>0?`extends ${s.presets.join(", ")}; `:""}fail_on ${s.failOn}; ${Object.keys(s.rules).length} rule override(s), ${s.serviceUsers.users.length+s.serviceUsers.paths.length} service-user pattern(s), ${s.exemptions.length} exemption(s))
`);for(let u of L(s))t.stderr(`iam-credential-gate: warning: the policy weakens the gate: ${u.message}
`);return 0}case"--version":case"-v":return t.stdout(`${O}
`),0;case"--help":case"-h":case"help":return t.stdout(`${me}
`),0;default:throw new m(i===void 0?"no command given":`unknown command "${i}"`,{},"see --help")}}catch(r){let s=I(r)?r.describe():r.code?.startsWith("ERR_PARSE_ARGS")?`${r.message}

${me}`:`unexpected error: ${r.stack??String(r)}`;return t.stderr(`iam-credential-gate: ${s}
`),a&&await de(s,r,a,t.root),2}}c(he,"runCli");process.stdout.on("error",e=>{if(e.code!=="EPIPE")throw e;U.closed=!0});process.exitCode=await he(process.argv.slice(2));
