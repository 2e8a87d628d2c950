#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a as b,b as q,c as W,d as k,e as E}from"./chunks/chunk-NWVAPBIX.js";import{b as z,c as K,d as X,e as Q,g as Z,h as A}from"./chunks/chunk-EV2ITIQB.js";import{a as L,c as D,d as J}from"./chunks/chunk-2PFRLS3H.js";import"./chunks/chunk-HE7VU7DT.js";import{a as V,b as B,c as H}from"./chunks/chunk-23EK7ULS.js";import"./chunks/chunk-LK3HGIHR.js";import{b as G,c as v}from"./chunks/chunk-4GUQ4WLI.js";import"./chunks/chunk-YIYXTC5G.js";import"./chunks/chunk-FLJ6VSLH.js";import{b as S,d as R,g as Y}from"./chunks/chunk-WFE47DVQ.js";import"./chunks/chunk-TQNOZ5EH.js";import"./chunks/chunk-Z56MMKGK.js";import{a as M}from"./chunks/chunk-EUO3DH73.js";import"./chunks/chunk-SPELYATQ.js";import"./chunks/chunk-MYLAHFPF.js";import"./chunks/chunk-JCDPND7K.js";import"./chunks/chunk-XQ7EEKCW.js";import"./chunks/chunk-HJZYVOA3.js";import{a as C,e as F}from"./chunks/chunk-4W7GZ6XQ.js";import{a as O}from"./chunks/chunk-WADOYV35.js";import"./chunks/chunk-XCWQ4KJ6.js";import{a as g,c as j}from"./chunks/chunk-KQ5PHHRF.js";import{a as c}from"./chunks/chunk-6ZGVWTIR.js";import{parseArgs as P}from"node:util";import{writeFile as ae}from"node:fs/promises";import{parseArgs as $e}from"node:util";var he={bold:1,dim:2,red:31,green:32,yellow:33,cyan:36},ge={critical:["bold","red"],high:["red"],medium:["yellow"],low:["dim"]},ye=/(?<!`)(`+)(?!`)([\s\S]*?[^`]|)\1(?!`)/g,we=c(e=>e.length>1&&e.startsWith(" ")&&e.endsWith(" ")&&e.trim()!==""?e.slice(1,-1):e,"unpad");function N(e,n={}){let r=c((o,...p)=>n.color&&p.length>0?`\x1B[${p.map(T=>he[T]).join(";")}m${o}\x1B[0m`:o,"paint"),t=c(o=>S(o).replace(ye,(p,T,I)=>r(we(I),"cyan")),"prose"),a=e.summary,l=[],i=e.passed?r("PASSED","bold","green"):r("FAILED","bold","red"),s=[e.account.label,e.account.id].filter(Boolean).map(o=>S(o));l.push(`${i}  ${a.failing} failing of ${a.findings} findings (fail_on ${e.policy.failOn}) \xB7 ${a.users} users${s.length>0?` \xB7 account ${s.join(" ")}`:""}`);let f=c(o=>M.filter(p=>o[p]>0).map(p=>`${o[p]} ${p}`).join(", ")||"none","bySeverity");l.push(`        failing: ${f(a.failingBySeverity)} \xB7 exempted: ${a.exempted} \xB7 report generated ${e.reportGeneratedAt??"unknown"} \xB7 policy ${S(e.policy.file)}`);for(let o of e.policyWarnings??[])l.push(`${r("warning","yellow")}: the policy weakens the gate: ${t(o.message)}`);let w=e.findings.filter(o=>o.failing),d=e.findings.filter(o=>!o.failing&&!o.exempted),m=e.findings.filter(o=>o.exempted),h=xe(e.findings),x=c(o=>{let p=o.severity.padEnd(h.severity);return`  ${r(p,...ge[o.severity])}  ${S(o.rule).padEnd(h.rule)}  ${r(te(o).padEnd(h.user),"bold")}  ${be(o)}`},"row"),$=" ".repeat(2+h.severity+2),y=c(()=>r(`  ${"SEVERITY".padEnd(h.severity)}  ${"RULE".padEnd(h.rule)}  ${"USER".padEnd(h.user)}  WHERE`,"dim"),"header"),u=c((o,p,T)=>{if(p.length!==0){l.push("",r(`${o} (${p.length})`,"bold"),y());for(let I of p){l.push(x(I));for(let me of T(I))l.push(`${$}${me}`)}}},"section");if(u("Failing findings",w,o=>[t(o.message),`${r("fix:","bold")} ${t(o.remediation)}`]),u("Below fail_on",d,o=>[t(o.message)]),u("Exempted",m,o=>[t(o.message),`${r("exempted:","dim")} ${t(o.exemption?.reason??"")} (until ${o.exemption?.expires??"?"})`]),e.warnings.length>0){l.push("",r(`Warnings (${e.warnings.length})`,"bold"));for(let o of e.warnings)l.push(`  - ${t(o)}`)}return e.findings.length===0&&l.push("","No findings."),`${l.join(`
`)}
`}c(N,"renderText");var ee=c((e,n={})=>N({...e,findings:[],warnings:[],policyWarnings:[]},n).split(`
`)[0]+`
`,"textVerdict"),te=c(e=>e.user===null?"(report)":S(e.user),"userOf");function be(e){let n=e.terraform.find(r=>r.file!==null);return n?S(`${n.file}${n.line!==null?`:${n.line}`:""}`):"\u2014"}c(be,"whereOf");function xe(e){let n=4,r=4;for(let t of e)n=Math.max(n,t.rule.length),r=Math.max(r,Math.min(32,te(t).length));return{severity:8,rule:n,user:r}}c(xe,"columnWidths");var ne={accounts:{type:"string"},"role-arn-template":{type:"string"},"role-session-name":{type:"string",default:"iam-credential-gate"},"output-dir":{type:"string"},"account-concurrency":{type:"string"},"account-timeout-seconds":{type:"string"}};async function re(e,n,r){for(let y of["report","output","account-id","account-label","report-generated-at","format","json-file","sarif-file","markdown-file"])if(e[y]!==void 0)throw new g(`--${y} cannot be given with --accounts`,{},"with --accounts, every account has its report fetched through its role, written to --output-dir as <account id>.json, labelled with the names the account list holds; merge them for Markdown or SARIF");if(e["sarif-include-exempted"]===!0)throw new g("--sarif-include-exempted cannot be given with --accounts",{},"with --accounts, every account has a JSON report in --output-dir; merge them with --format sarif");let[t,a]=await Promise.all([import("./chunks/assume-role-Q3M4T2LP.js"),import("./chunks/check-accounts-UB6YMSGI.js")]),l=_(e["role-arn-template"],"--role-arn-template");t.checkRoleArnTemplate(l,"--role-arn-template");let i=e["role-session-name"]??"iam-credential-gate";t.checkSessionName(i,"--role-session-name");let s=_(e["output-dir"],"--output-dir"),f=e["account-concurrency"]===void 0?a.DEFAULT_ACCOUNT_CONCURRENCY:A(e["account-concurrency"],"--account-concurrency",a.MAX_ACCOUNT_CONCURRENCY),w=e["account-timeout-seconds"]===void 0?a.DEFAULT_ACCOUNT_TIMEOUT_MS:A(e["account-timeout-seconds"],"--account-timeout-seconds",3600)*1e3,d=await Q(_(e.accounts,"--accounts"),"--accounts"),m=e["base-policy"],h=m===void 0?void 0:{text:(await C(m,"base policy file",F)).toString("utf8"),label:m},x=await a.checkAccounts({accounts:d,roleArnTemplate:l,roleSessionName:i,outputDir:s,policyFile:n.policy,now:n.now,failOn:n.failOn,failOnSource:"--fail-on",terraformDirs:e["terraform-dir"],terraformDirSource:"--terraform-dir",terraformState:e["terraform-state"],terraformCacheDir:e["cache-dir"],basePolicy:h,concurrency:f,accountTimeoutMs:w,log:e.quiet===!0?()=>{}:y=>r.stderr(`iam-credential-gate: ${y}
`),clock:r.clock}),$=c(y=>x.filter(u=>u.status===y).length,"count");return r.stderr(`iam-credential-gate: ${x.length} account(s): ${$("passed")} passed, ${$("failed")} failed, ${$("errored")} errored; reports in ${s}
`),a.exitCodeOf(x)}c(re,"checkAccountsCommand");var ie={from:{type:"string"},batches:{type:"string"},"batch-size":{type:"string"}};async function oe(e,n){if(e.batches!==void 0&&e["batch-size"]!==void 0)throw new g("give --batches or --batch-size, not both");let r;if(e.from!==void 0){if(e["include-inactive"])throw new g("--include-inactive is for Organizations, not for --from");let f=(await C(e.from,"account list",16*1024*1024)).toString("utf8");r=X(f,e.from)}else{let{listOrganizationAccounts:f,createOrganizationsClient:w}=await import("./chunks/organizations-GQ5CANAH.js"),d=w();try{r=await f(d,{includeInactive:e["include-inactive"]??!1})}finally{d.destroy()}}let t=`${JSON.stringify(r,null,2)}
`,a=e.batches!==void 0?{batches:A(e.batches,"--batches",K)}:e["batch-size"]!==void 0?{batchSize:A(e["batch-size"],"--batch-size",1e5)}:void 0;if(a===void 0)return e.output?await v([t],e.output):n.stdout(t),n.stderr(`iam-credential-gate: ${r.length} account(s)
`),0;let l=[],i=Z(r,a,l);e.output&&await v([t],e.output),n.stdout(`${JSON.stringify(i)}
`);for(let f of l)n.stderr(`iam-credential-gate: ${f}
`);let s=i.include.map(f=>f.accounts.length);return n.stderr(`iam-credential-gate: ${r.length} account(s) in ${s.length} batch(es) of ${Math.min(...s)}${Math.max(...s)>Math.min(...s)?`-${Math.max(...s)}`:""}
`),0}c(oe,"listAccountsCommand");function _(e,n){if(e===void 0||e==="")throw new g(`${n} is required with --accounts`,{},"see --help");return e}c(_,"need");var Se=["text",...V];async function se(e,n,r){let{values:t}=$e({args:[...e],strict:!0,allowPositionals:!1,options:{report:{type:"string"},policy:{type:"string"},"report-generated-at":{type:"string"},now:{type:"string"},format:{type:"string"},output:{type:"string"},"json-file":{type:"string"},"sarif-file":{type:"string"},"markdown-file":{type:"string"},"sarif-include-exempted":{type:"boolean",default:!1},quiet:{type:"boolean",short:"q",default:!1},"fail-on":{type:"string"},"account-label":{type:"string"},"account-id":{type:"string"},"terraform-dir":{type:"string",multiple:!0},"terraform-state":{type:"string"},"cache-dir":{type:"string"},"base-policy":{type:"string"},...ne}});if(t.accounts!==void 0)return await re(t,{policy:b(t.policy,"--policy"),now:k(t.now,n.clock),failOn:E(t["fail-on"])},n);let a=q(t.format??(n.isTTY&&t.output===void 0?"text":"markdown"),Se,"--format"),l=t.output!==void 0&&(a==="json"||a==="sarif");r({json:[t["json-file"],l&&a==="json"?t.output:void 0].filter(u=>u!==void 0),sarif:[t["sarif-file"],l&&a==="sarif"?t.output:void 0].filter(u=>u!==void 0),id:t["account-id"]??null,label:t["account-label"]??null});let i=b(t.report,"--report"),s=b(t.policy,"--policy"),f=E(t["fail-on"]),w=k(t.now,n.clock),d=await J({reportFile:i,policyFile:s,reportGeneratedAt:t["report-generated-at"]===void 0?void 0:W(t["report-generated-at"],"--report-generated-at"),now:w,failOn:f,accountLabel:t["account-label"],accountId:t["account-id"],terraformDirs:t["terraform-dir"],terraformDirSource:"--terraform-dir",terraformState:t["terraform-state"],terraformCacheDir:t["cache-dir"],failOnSource:"--fail-on",...t["base-policy"]!==void 0&&{basePolicy:{text:(await C(t["base-policy"],"base policy file",F)).toString("utf8"),label:t["base-policy"]}}}),m=t.quiet;if(!m&&!(a==="text"&&t.output===void 0))for(let u of d.policyWarnings??[])n.stderr(`iam-credential-gate: warning: the policy weakens the gate: ${u.message}
`);let h={includeExempted:t["sarif-include-exempted"],uriOf:R(n.root??process.cwd(),process.cwd())},x=c(u=>u==="text"?[N(d,{color:n.color&&t.output===void 0})]:B(d,u,{},h),"chunks"),$=`${d.passed?"passed":"FAILED"}: ${d.summary.failing} failing of ${d.summary.findings} findings (fail_on ${d.policy.failOn})`,y=[[t.output,a],[t["json-file"],"json"],[t["sarif-file"],"sarif"],[t["markdown-file"],"markdown"]];for(let[u,o]of y)u!==void 0&&(await v(x(o),u),m||n.stderr(`iam-credential-gate: ${$}; ${o} written to ${u}
`));if(m)n.stdout(ee(d,{color:n.color}));else if(t.output===void 0)for(let u of G(x(a)))n.stdout(u);return d.passed?0:1}c(se,"checkCommand");async function ce(e,n,r,t=process.cwd()){let a={id:r.id,label:r.label},l=j(n)?n.place:{},i=c(()=>Y(e,O,r.id,l,R(t,process.cwd())),"sarif");await Promise.all([...r.json.map(s=>ae(s,H(e,a,O)).catch(()=>{})),...r.sarif.map(s=>ae(s,i()).catch(()=>{}))])}c(ce,"writeErrorFiles");import{writeFile as Oe}from"node:fs/promises";import{parseArgs as Ce}from"node:util";async function le(e,n){let{values:r}=Ce({args:[...e],strict:!0,allowPositionals:!1,options:{report:{type:"string"},policy:{type:"string"},now:{type:"string"},"fail-on":{type:"string"},"terraform-dir":{type:"string",multiple:!0},"terraform-state":{type:"string"},"cache-dir":{type:"string"},rule:{type:"string",multiple:!0},user:{type:"string",multiple:!0},write:{type:"boolean",default:!1},output:{type:"string"}}}),{runFix:t}=await import("./chunks/fix-K24IZYM5.js"),a=await t({reportFile:b(r.report,"--report"),policyFile:b(r.policy,"--policy"),now:k(r.now,n.clock),failOn:E(r["fail-on"]),failOnSource:"--fail-on",terraformDirs:r["terraform-dir"],terraformDirSource:"--terraform-dir",terraformState:r["terraform-state"],terraformCacheDir:r["cache-dir"],rules:r.rule,users:r.user,write:r.write});for(let i of a.manual)n.stderr(`iam-credential-gate: manual: ${i.user} (${i.rule}): ${i.reason}${i.file!==null?` \u2014 ${i.file}${i.line!==null?`:${i.line}`:""}`:""}
`);let l=`fix: ${a.fixed.length} verified, ${a.manual.length} manual; ${a.files.length} files ${r.write?"written":"in the patch"}`;return r.output!==void 0?(await Oe(r.output,a.patch),n.stderr(`iam-credential-gate: ${l}; patch written to ${r.output}
`)):(r.write||n.stdout(a.patch),n.stderr(`iam-credential-gate: ${l}
`)),a.manual.length>0?1:0}c(le,"fixCommand");var de={check:`Usage: iam-credential-gate check --report <csv|json> --policy <file> [options]

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

  --help, -h                    this help`};function ue(e,n){if(e===void 0||!Object.hasOwn(de,e))return;let r=n.indexOf("--"),t=r===-1?n:n.slice(0,r);return t.includes("--help")||t.includes("-h")?de[e]:void 0}c(ue,"helpRequested");var fe=`Usage:
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

Exit codes: 0 passed, 1 the gate failed, 2 usage or input error.`,U={closed:!1},ke={stdout:c(e=>{U.closed||process.stdout.write(e)},"stdout"),stderr:c(e=>process.stderr.write(z(e)),"stderr"),clock:c(()=>Date.now(),"clock"),isTTY:process.stdout.isTTY===!0,color:process.stdout.isTTY===!0&&!process.env.NO_COLOR,root:process.env.GITHUB_WORKSPACE||void 0};async function pe(e,n=ke){let[r,...t]=e,a,l=ue(r,t);if(l!==void 0)return n.stdout(`${l}
`),0;try{switch(r){case"check":return await se(t,n,i=>a=i);case"fix":return await le(t,n);case"fetch":{let{values:i}=P({args:t,strict:!0,allowPositionals:!1,options:{output:{type:"string"},"max-wait-seconds":{type:"string",default:"120"}}}),s=b(i.output,"--output"),f=Number(i["max-wait-seconds"]);if(!Number.isFinite(f)||f<=0)throw new g(`--max-wait-seconds must be a positive number, not "${i["max-wait-seconds"]}"`);let{fetchReportToFile:w}=await import("./chunks/fetch-Y6AWBRCG.js"),d=await w({output:s,maxWaitMs:f*1e3,log:c(m=>n.stderr(`iam-credential-gate: ${m}
`),"log"),clock:n.clock});return n.stderr(`iam-credential-gate: credential report generated ${d.generatedAt.toISOString()} written to ${s} (${d.content.length} bytes, ${d.calls} API calls); generation time in ${s}.meta.json
`),0}case"merge":{let{mergeCommand:i}=await import("./chunks/merge-XISTOQJY.js");return await i(t,n)}case"list-accounts":{let{values:i}=P({args:t,strict:!0,allowPositionals:!1,options:{output:{type:"string"},"include-inactive":{type:"boolean",default:!1},...ie}});return await oe(i,n)}case"presets":{if(t.length>0)throw new g("presets takes no arguments");let{renderPresetList:i}=await import("./chunks/presets-doc-Y6ZRA5DR.js");return n.stdout(i()),0}case"validate-policy":{let{positionals:i}=P({args:t,strict:!0,allowPositionals:!0,options:{}});if(i.length!==1)throw new g("validate-policy takes exactly one policy file");let s=await D(i[0],n.clock());n.stdout(`${s.file}: valid (${s.presets.length>0?`extends ${s.presets.join(", ")}; `:""}fail_on ${s.failOn}; ${Object.keys(s.rules).length} rule override(s), ${s.serviceUsers.users.length+s.serviceUsers.paths.length} service-user pattern(s), ${s.exemptions.length} exemption(s))
`);for(let f of L(s))n.stderr(`iam-credential-gate: warning: the policy weakens the gate: ${f.message}
`);return 0}case"--version":case"-v":return n.stdout(`${O}
`),0;case"--help":case"-h":case"help":return n.stdout(`${fe}
`),0;default:throw new g(r===void 0?"no command given":`unknown command "${r}"`,{},"see --help")}}catch(i){let s=j(i)?i.describe():i.code?.startsWith("ERR_PARSE_ARGS")?`${i.message}

${fe}`:`unexpected error: ${i.stack??String(i)}`;return n.stderr(`iam-credential-gate: ${s}
`),a&&await ce(s,i,a,n.root),2}}c(pe,"runCli");process.stdout.on("error",e=>{if(e.code!=="EPIPE")throw e;U.closed=!0});process.exitCode=await pe(process.argv.slice(2));
