# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kubectl_vmmigrate_global_optspecs
    string join \n kubeconfig= context= cluster= user= request-timeout= n/namespace= o/output= v/v= h/help V/version
end

function __fish_kubectl_vmmigrate_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kubectl_vmmigrate_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kubectl_vmmigrate_using_subcommand
    set -l cmd (__fish_kubectl_vmmigrate_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "import" -d 'Convert VM specs into KubeVirt manifests (YAML on stdout, or a folder with --output-dir)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "preview" -d 'Show what would be created for VM specs: a summary table and warnings, or the objects'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "assess" -d 'Judge migration readiness: a per-VM table of Critical / Warning / Information concerns'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "apply" -d 'Server-side apply VM specs (converted on the fly) or generated manifests to the cluster'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "upload" -d 'Upload the source\'s disk images into the DataVolumes apply created (CDI upload)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "lint" -d 'Would KubeVirt admit these manifests? Offline schema and admission check (exit 1 if not)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "roll" -d 'Roll a change out over running VMs within a disruption budget; steer it with subcommands'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "status" -d 'Why VMs are not Ready: status, node, disks and the ranked reasons, with the chain behind them'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "pool" -d 'Cattle mode: a VirtualMachinePool of identical replicas from one golden VM'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "start" -d 'Start VMs (by selector or name) through KubeVirt, within a budget'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "stop" -d 'Stop VMs as KubeVirt\'s run strategies expect, within a budget'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "restart" -d 'Restart VMs within a budget'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "migrate" -d 'Live-migrate VMs within a budget; those that cannot migrate are reported'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "evacuate" -d 'Move every VM off a node within a budget (migrate, or restart with --allow-restart)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "completion" -d 'Print a shell completion script (bash, zsh, fish or powershell)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "version" -d 'Print the plugin version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l run-strategy -d 'KubeVirt runStrategy of the generated VMs [default: Always, or the mapping\'s]' -r -f -a "always\t''
rerun-on-failure\t''
manual\t''
halted\t''
once\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l default-disk-size -d 'Size requested for disks whose capacity the source does not state (e.g. 20Gi)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l map -d 'Mapping file: target networks, storage classes, disk sources, instancetypes (see examples/mapping.yaml)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l images -d 'Folder to look for disk images in, by file name, when a spec names an image that is not at its own path (repeatable). Sizes the spec leaves out are read from the images\' headers (qcow2, VMDK, VDI, VHD, VHDX, raw)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l ovf-deployment-option -d 'OVF/OVA only: the deployment option (DeploymentOptionSection configuration id) to import instead of the descriptor\'s default; a name the file does not offer is an error that lists the offered ones' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l where -d 'Only the VMs for which EXPR holds, e.g. "guest-family = linux and cpus < 8 and datastores = ds-gold" (fields and operators: README "Choosing VMs")' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l order-by -d 'Order the VMs by FIELD (ascending unless "desc"; several keys separated by commas)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l limit -d 'Take at most N VMs (after --where and --order-by)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l vm -d 'Only the VM with this source or Kubernetes name (repeatable)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l plan -d 'Per-VM choices written by `preview -o plan` and edited: they win over the mapping\'s, field by field; only the VMs the plan names are taken' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l warnings -d 'How warnings are printed: auto (each one when up to 5 VMs have any, else one line per kind with its count and example VMs), all, or grouped. -v=1 means all' -r -f -a "auto\t'Each warning when few VMs have any, else grouped by kind'
all\t'Every warning, one line each'
grouped\t'One line per kind of warning'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l output-dir -d 'Write one <vm>.yaml per VM and a kustomization.yaml into this folder instead of stdout' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l overlay -d 'Write the VMs to DIR/base and a Kustomize overlay (patches only) to DIR/overlays/NAME (repeatable). Settings after a colon, comma-separated: namespace=NS, run-strategy=STRATEGY, storage-class=CLASS, instancetype=NAME, label.KEY=VALUE. An overlay file edited since import wrote it is never overwritten' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l gitops -d 'Also write, for each overlay, an Argo CD Application (DIR/argocd/) or a Flux Kustomization and GitRepository (DIR/flux/)' -r -f -a "argocd\t''
flux\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l repo-url -d 'Git repository URL the GitOps tool reads (with --gitops)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l path -d 'Path of --output-dir inside that repository (with --gitops)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l revision -d 'Branch (Flux) or target revision (Argo CD) to deploy (with --gitops)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l app-name -d 'Prefix of the Application / Kustomization names, NAME-OVERLAY (with --gitops)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l allow-stale-plan -d 'Use the --plan even when a source file changed since it was written (warns instead)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -l interactive -d 'Ask where unmapped networks and datastores go and save the answers to the --map file (created if missing). Prompts only on a terminal'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand import" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l run-strategy -d 'KubeVirt runStrategy of the generated VMs [default: Always, or the mapping\'s]' -r -f -a "always\t''
rerun-on-failure\t''
manual\t''
halted\t''
once\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l default-disk-size -d 'Size requested for disks whose capacity the source does not state (e.g. 20Gi)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l map -d 'Mapping file: target networks, storage classes, disk sources, instancetypes (see examples/mapping.yaml)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l images -d 'Folder to look for disk images in, by file name, when a spec names an image that is not at its own path (repeatable). Sizes the spec leaves out are read from the images\' headers (qcow2, VMDK, VDI, VHD, VHDX, raw)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l ovf-deployment-option -d 'OVF/OVA only: the deployment option (DeploymentOptionSection configuration id) to import instead of the descriptor\'s default; a name the file does not offer is an error that lists the offered ones' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l where -d 'Only the VMs for which EXPR holds, e.g. "guest-family = linux and cpus < 8 and datastores = ds-gold" (fields and operators: README "Choosing VMs")' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l order-by -d 'Order the VMs by FIELD (ascending unless "desc"; several keys separated by commas)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l limit -d 'Take at most N VMs (after --where and --order-by)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l vm -d 'Only the VM with this source or Kubernetes name (repeatable)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l plan -d 'Per-VM choices written by `preview -o plan` and edited: they win over the mapping\'s, field by field; only the VMs the plan names are taken' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l warnings -d 'How warnings are printed: auto (each one when up to 5 VMs have any, else one line per kind with its count and example VMs), all, or grouped. -v=1 means all' -r -f -a "auto\t'Each warning when few VMs have any, else grouped by kind'
all\t'Every warning, one line each'
grouped\t'One line per kind of warning'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l columns -d 'The table\'s columns, chosen among the --where fields (e.g. name,cpus,memory,networks, status); with the default or -o wide output' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l allow-stale-plan -d 'Use the --plan even when a source file changed since it was written (warns instead)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l summary -d 'Print the plan\'s totals (vCPUs, memory, disk per storage class, VMs per namespace) under the table, or alone as JSON with -o json'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l diff -d 'Diff the objects against the live cluster (exit 1 when something differs, like kubectl diff); honours KUBECTL_EXTERNAL_DIFF'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -l strict-preflight -d 'With --diff: fail when a preflight check cannot be made for lack of read rights instead of warning and going on'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand preview" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l run-strategy -d 'KubeVirt runStrategy of the generated VMs [default: Always, or the mapping\'s]' -r -f -a "always\t''
rerun-on-failure\t''
manual\t''
halted\t''
once\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l default-disk-size -d 'Size requested for disks whose capacity the source does not state (e.g. 20Gi)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l map -d 'Mapping file: target networks, storage classes, disk sources, instancetypes (see examples/mapping.yaml)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l images -d 'Folder to look for disk images in, by file name, when a spec names an image that is not at its own path (repeatable). Sizes the spec leaves out are read from the images\' headers (qcow2, VMDK, VDI, VHD, VHDX, raw)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l ovf-deployment-option -d 'OVF/OVA only: the deployment option (DeploymentOptionSection configuration id) to import instead of the descriptor\'s default; a name the file does not offer is an error that lists the offered ones' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l where -d 'Only the VMs for which EXPR holds, e.g. "guest-family = linux and cpus < 8 and datastores = ds-gold" (fields and operators: README "Choosing VMs")' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l order-by -d 'Order the VMs by FIELD (ascending unless "desc"; several keys separated by commas)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l limit -d 'Take at most N VMs (after --where and --order-by)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l vm -d 'Only the VM with this source or Kubernetes name (repeatable)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l plan -d 'Per-VM choices written by `preview -o plan` and edited: they win over the mapping\'s, field by field; only the VMs the plan names are taken' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l warnings -d 'How warnings are printed: auto (each one when up to 5 VMs have any, else one line per kind with its count and example VMs), all, or grouped. -v=1 means all' -r -f -a "auto\t'Each warning when few VMs have any, else grouped by kind'
all\t'Every warning, one line each'
grouped\t'One line per kind of warning'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l allow-stale-plan -d 'Use the --plan even when a source file changed since it was written (warns instead)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l allow-critical -d 'Exit 0 even when a VM has a Critical concern (the report is the same)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -l as-pool -d 'Also judge each VM as the golden VM of a pool (`pool create`): what replicas cannot share (host devices, host disks, a fixed IP in cloud-init) is Critical'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand assess" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l run-strategy -d 'KubeVirt runStrategy of the generated VMs [default: Always, or the mapping\'s]' -r -f -a "always\t''
rerun-on-failure\t''
manual\t''
halted\t''
once\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l default-disk-size -d 'Size requested for disks whose capacity the source does not state (e.g. 20Gi)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l map -d 'Mapping file: target networks, storage classes, disk sources, instancetypes (see examples/mapping.yaml)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l images -d 'Folder to look for disk images in, by file name, when a spec names an image that is not at its own path (repeatable). Sizes the spec leaves out are read from the images\' headers (qcow2, VMDK, VDI, VHD, VHDX, raw)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l ovf-deployment-option -d 'OVF/OVA only: the deployment option (DeploymentOptionSection configuration id) to import instead of the descriptor\'s default; a name the file does not offer is an error that lists the offered ones' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l where -d 'Only the VMs for which EXPR holds, e.g. "guest-family = linux and cpus < 8 and datastores = ds-gold" (fields and operators: README "Choosing VMs")' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l order-by -d 'Order the VMs by FIELD (ascending unless "desc"; several keys separated by commas)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l limit -d 'Take at most N VMs (after --where and --order-by)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l vm -d 'Only the VM with this source or Kubernetes name (repeatable)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l plan -d 'Per-VM choices written by `preview -o plan` and edited: they win over the mapping\'s, field by field; only the VMs the plan names are taken' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l warnings -d 'How warnings are printed: auto (each one when up to 5 VMs have any, else one line per kind with its count and example VMs), all, or grouped. -v=1 means all' -r -f -a "auto\t'Each warning when few VMs have any, else grouped by kind'
all\t'Every warning, one line each'
grouped\t'One line per kind of warning'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l dry-run -d 'Must be "none", "server", or "client": server sends a dry-run request, client only prints what would be sent' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l field-manager -d 'Name of the manager that owns the applied fields' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l server-side -d 'Accepted for kubectl compatibility: apply is always server-side' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l wait -d 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l timeout -d 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l stuck-after -d 'With --wait: fail when a VM\'s disks make no progress for this long' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l concurrency -d 'Objects applied at once (within one dependency stage)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l parallel -d 'Disks uploaded at once' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l uploadproxy-url -d 'CDI\'s upload proxy (default: the URL CDIConfig advertises in status.uploadProxyURL)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l upload-ready-timeout -d 'How long to wait for a DataVolume to be UploadReady' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l upload-retries -d 'Further tries of a disk whose connection dropped (each starts the disk again)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l allow-stale-plan -d 'Use the --plan even when a source file changed since it was written (warns instead)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l force-conflicts -d 'Take ownership of fields another manager owns instead of failing on the conflict'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l create-namespace -d 'Create the target namespaces when they do not exist'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -s y -l yes -d 'Do not ask for confirmation on a terminal'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l strict-preflight -d 'Fail when a preflight check cannot be made for lack of read rights (storage classes, VMs of other namespaces...) instead of warning and going on'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l upload -d 'After applying, upload the source\'s disk images into the DataVolumes with an upload source (as `kubectl vmmigrate upload`), before --wait'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -l insecure -d 'Do not verify the upload proxy\'s TLS certificate'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand apply" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l run-strategy -d 'KubeVirt runStrategy of the generated VMs [default: Always, or the mapping\'s]' -r -f -a "always\t''
rerun-on-failure\t''
manual\t''
halted\t''
once\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l default-disk-size -d 'Size requested for disks whose capacity the source does not state (e.g. 20Gi)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l map -d 'Mapping file: target networks, storage classes, disk sources, instancetypes (see examples/mapping.yaml)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l images -d 'Folder to look for disk images in, by file name, when a spec names an image that is not at its own path (repeatable). Sizes the spec leaves out are read from the images\' headers (qcow2, VMDK, VDI, VHD, VHDX, raw)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l ovf-deployment-option -d 'OVF/OVA only: the deployment option (DeploymentOptionSection configuration id) to import instead of the descriptor\'s default; a name the file does not offer is an error that lists the offered ones' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l where -d 'Only the VMs for which EXPR holds, e.g. "guest-family = linux and cpus < 8 and datastores = ds-gold" (fields and operators: README "Choosing VMs")' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l order-by -d 'Order the VMs by FIELD (ascending unless "desc"; several keys separated by commas)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l limit -d 'Take at most N VMs (after --where and --order-by)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l vm -d 'Only the VM with this source or Kubernetes name (repeatable)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l plan -d 'Per-VM choices written by `preview -o plan` and edited: they win over the mapping\'s, field by field; only the VMs the plan names are taken' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l warnings -d 'How warnings are printed: auto (each one when up to 5 VMs have any, else one line per kind with its count and example VMs), all, or grouped. -v=1 means all' -r -f -a "auto\t'Each warning when few VMs have any, else grouped by kind'
all\t'Every warning, one line each'
grouped\t'One line per kind of warning'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l parallel -d 'Disks uploaded at once' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l uploadproxy-url -d 'CDI\'s upload proxy (default: the URL CDIConfig advertises in status.uploadProxyURL)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l upload-ready-timeout -d 'How long to wait for a DataVolume to be UploadReady' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l upload-retries -d 'Further tries of a disk whose connection dropped (each starts the disk again)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l wait -d 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l timeout -d 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l allow-stale-plan -d 'Use the --plan even when a source file changed since it was written (warns instead)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -l insecure -d 'Do not verify the upload proxy\'s TLS certificate'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand upload" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand lint" -l feature-gates -d 'Feature gates the cluster enables beyond KubeVirt\'s defaults (the KubeVirt CR\'s developerConfiguration.featureGates), comma-separated' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand lint" -l disabled-feature-gates -d 'Beta feature gates the cluster disables (developerConfiguration.disabledFeatureGates)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand lint" -l default-architecture -d 'Architecture of VMs that do not set one (the cluster\'s default architecture)' -r -f -a "amd64\t''
arm64\t''
s390x\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand lint" -l vm-rollout-strategy -d 'The cluster\'s vmRolloutStrategy' -r -f -a "live-update\t''
stage\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand lint" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand lint" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand lint" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand lint" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand lint" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand lint" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand lint" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand lint" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand lint" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -s f -l filename -d 'Manifests to roll out (VirtualMachines by name, e.g. the output of `import`); `-` reads them from stdin (`kubectl kustomize DIR | kubectl vmmigrate roll -f - ...`)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -s k -l kustomize -d 'Kustomization folder to roll out, rendered by `kubectl kustomize DIR` as `kubectl apply -k` renders it (e.g. an overlay of `import --overlay`)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l set-memory -d 'New guest memory (e.g. 4Gi)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l set-cpu -d 'New number of CPU sockets' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l set-instancetype -d 'New instancetype name' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l set-image -d 'New image of every containerDisk volume' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l set-label -d 'Label to set on the VMs (KEY=VALUE; repeatable)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l set-annotation -d 'Annotation to set on the VMs (KEY=VALUE; repeatable)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l patch -d 'JSON merge patch of spec.template' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l max-unavailable -d 'VMs that may be unavailable at once (count or percentage)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l max-surge -d 'Extra VMs (replacements, migration targets) at once (count or percentage)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l min-ready -d 'Seconds a VM must stay Ready before it counts as available' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l progress-deadline -d 'Seconds one VM may take to become available before it counts as failed' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l max-action -d 'The most disruptive action allowed; VMs needing more are left alone' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l min-action -d 'The least action taken on each VM not yet on the target' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l canary -d 'Update N VMs first, then pause (or wait --canary-wait)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l canary-wait -d 'Seconds to wait after the canary instead of pausing' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l order -r -f -a "name\t''
oldest\t''
random\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l failure-threshold -d 'Failed VMs after which the rollout stops' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l probe -d 'Health gate besides Ready: `tcp:PORT` (a connection is accepted) or `http:PORT/PATH` (2xx/3xx) against the VMI\'s address (status.interfaces[0].ipAddress)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l lease-duration -d 'Seconds the rollout Lease lasts without renewal: how long another client waits before taking over from one that died' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l cause -d 'Change cause recorded in the history (default: the command line)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l revision-history-limit -d 'Revisions kept for `roll history` and `roll undo`, like a Deployment\'s; older ControllerRevisions are deleted (never the current one or the one rolled back to)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l wait -d 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l timeout -d 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l auto-rollback -d 'Roll back the touched VMs by itself when the rollout fails'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -l dry-run -d 'Print each VM\'s action, the batches and the diff; change nothing'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -s y -l yes -d 'Do not ask for confirmation'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -a "status" -d 'Show a rollout: revision, counts, per-VM action and state (exit 1 when it failed). Without -l or names: every rollout of the namespace (with -A, of all namespaces)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -a "pause" -d 'Pause a rollout (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -a "resume" -d 'Resume a paused or interrupted rollout (also passes a canary pause)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -a "abort" -d 'Stop a rollout; with --rollback, return the VMs it touched to their previous objects'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -a "history" -d 'List the revisions with their change cause'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -a "undo" -d 'Return the VMs touched by the last revision (or by every revision after N) to their objects at the previous revision (or at revision N)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and not __fish_seen_subcommand_from status pause resume abort history undo help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -s w -l watch -d 'Follow until the rollout ends'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -s A -l all-namespaces -d 'List the rollouts of every namespace (without -l or names)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -l wait -d 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -l timeout -d 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -l wait -d 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -l timeout -d 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -l wait -d 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -l timeout -d 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -l rollback
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from abort" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -l to-revision -d 'Revision to return to (see `roll history`); default: the previous one' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -l wait -d 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -l timeout -d 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from undo" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show a rollout: revision, counts, per-VM action and state (exit 1 when it failed). Without -l or names: every rollout of the namespace (with -A, of all namespaces)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Pause a rollout (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Resume a paused or interrupted rollout (also passes a canary pause)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from help" -f -a "abort" -d 'Stop a rollout; with --rollback, return the VMs it touched to their previous objects'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from help" -f -a "history" -d 'List the revisions with their change cause'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from help" -f -a "undo" -d 'Return the VMs touched by the last revision (or by every revision after N) to their objects at the previous revision (or at revision N)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand roll; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand status" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand status" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand status" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand status" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand status" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand status" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand status" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand status" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand status" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand status" -s A -l all-namespaces -d 'VMs of every namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand status" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and not __fish_seen_subcommand_from create help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and not __fish_seen_subcommand_from create help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and not __fish_seen_subcommand_from create help" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and not __fish_seen_subcommand_from create help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and not __fish_seen_subcommand_from create help" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and not __fish_seen_subcommand_from create help" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and not __fish_seen_subcommand_from create help" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and not __fish_seen_subcommand_from create help" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and not __fish_seen_subcommand_from create help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and not __fish_seen_subcommand_from create help" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and not __fish_seen_subcommand_from create help" -f -a "create" -d 'Make a VirtualMachinePool of identical replicas from one golden VM spec'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and not __fish_seen_subcommand_from create help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l from -d 'The golden VM: one VM spec file (.vmx, .ovf, .ova, libvirt XML, Proxmox .conf, ...), or `vm/NAME`, a VirtualMachine of the cluster whose disks the replicas clone' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l replicas -d 'Number of replicas (at most 10000: a Secret is written per replica index)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l scale-in -d 'Which replicas a scale-in removes first' -r -f -a "random\t''
newest\t''
oldest\t''
selector\t'Replicas labelled with --scale-in-label first'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l scale-in-label -d 'With --scale-in selector: the KEY=VALUE label (on the VMI template) of the replicas removed first' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l heal-after -d 'Replace a replica whose VM has been failing to start for this long (autohealing)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l heal-start-failures -d 'Replace a replica after this many start failures in a row (autohealing)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l max-unavailable -d 'Replicas KubeVirt may restart at once when the template changes (a count or a percentage; KubeVirt\'s own default, 100%, restarts them all)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l autoscale -d 'Also write a HorizontalPodAutoscaler scaling the pool between MIN and MAX replicas' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l cpu-utilization -d 'With --autoscale: target average CPU utilisation of the replicas\' virt-launcher pods, in percent of their CPU requests [default: 80, unless only --metric is given]' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l metric -d 'With --autoscale: also scale on a per-pod custom metric, keeping its average over the replicas\' virt-launcher pods at TARGET (a quantity: 100, 500m); the metric must be served by a custom-metrics adapter (repeatable)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l output-dir -d 'Write <NAME>.yaml and a kustomization.yaml into this folder instead of applying' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l dry-run -d 'Must be "none", "server", or "client": client prints the objects (-o yaml by default) without contacting the cluster, server sends a dry-run request' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l run-strategy -d 'KubeVirt runStrategy of the replicas [default: Always, or the mapping\'s]' -r -f -a "always\t''
rerun-on-failure\t''
manual\t''
halted\t''
once\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l map -d 'Mapping file: target networks, storage classes, disk sources (see examples/mapping.yaml)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l images -d 'Folder to look for the golden VM\'s disk images in (repeatable)' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l default-disk-size -d 'Size requested for disks whose capacity the source does not state (e.g. 20Gi)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l field-manager -d 'Name of the manager that owns the applied fields' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l wait -d 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l timeout -d 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l keep-disks -d 'Keep a removed replica\'s disks for a later scale-out (statePreservation: Offline)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l force-conflicts -d 'Take ownership of fields another manager owns instead of failing on the conflict'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -l create-namespace -d 'Create the target namespace when it does not exist'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -s y -l yes -d 'Do not ask for confirmation on a terminal'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from help" -f -a "create" -d 'Make a VirtualMachinePool of identical replicas from one golden VM spec'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand pool; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l max-unavailable -d 'VMs that may be unavailable (or in flight) at once (count or percentage)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l min-ready -d 'Seconds a VM must stay Ready before it counts as available' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l progress-deadline -d 'Seconds one VM may take before it counts as failed' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l failure-threshold -d 'Failed VMs after which the operation stops' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l probe -d 'Health gate besides Ready: `tcp:PORT` (a connection is accepted) or `http:PORT/PATH` (2xx/3xx) against the VMI\'s address, checked on every pass until the VM is done' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l wait -d 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l timeout -d 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l lease-duration -d 'Seconds the operation\'s Lease lasts without renewal: how long another client waits before taking over from one that died' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l cause -d 'Cause recorded in the history (default: the command line)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l grace-period -d 'stop: seconds the guest gets to shut down (KubeVirt\'s StopOptions.gracePeriod)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l dry-run -d 'Print the plan per VM; change nothing'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -s y -l yes -d 'Do not ask for confirmation'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -l allow-restart -d 'migrate: restart the VMs that cannot live-migrate instead of leaving them alone'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and not __fish_seen_subcommand_from pause resume abort history help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -l wait -d 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -l timeout -d 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -l wait -d 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -l timeout -d 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -l wait -d 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -l timeout -d 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from abort" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from history" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from history" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from history" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from history" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from history" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from history" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from history" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from help" -f -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from help" -f -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand start; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l max-unavailable -d 'VMs that may be unavailable (or in flight) at once (count or percentage)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l min-ready -d 'Seconds a VM must stay Ready before it counts as available' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l progress-deadline -d 'Seconds one VM may take before it counts as failed' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l failure-threshold -d 'Failed VMs after which the operation stops' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l probe -d 'Health gate besides Ready: `tcp:PORT` (a connection is accepted) or `http:PORT/PATH` (2xx/3xx) against the VMI\'s address, checked on every pass until the VM is done' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l wait -d 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l timeout -d 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l lease-duration -d 'Seconds the operation\'s Lease lasts without renewal: how long another client waits before taking over from one that died' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l cause -d 'Cause recorded in the history (default: the command line)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l grace-period -d 'stop: seconds the guest gets to shut down (KubeVirt\'s StopOptions.gracePeriod)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l dry-run -d 'Print the plan per VM; change nothing'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -s y -l yes -d 'Do not ask for confirmation'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -l allow-restart -d 'migrate: restart the VMs that cannot live-migrate instead of leaving them alone'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and not __fish_seen_subcommand_from pause resume abort history help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -l wait -d 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -l timeout -d 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -l wait -d 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -l timeout -d 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -l wait -d 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -l timeout -d 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from abort" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from history" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from history" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from history" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from history" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from history" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from history" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from history" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from help" -f -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from help" -f -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand stop; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l max-unavailable -d 'VMs that may be unavailable (or in flight) at once (count or percentage)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l min-ready -d 'Seconds a VM must stay Ready before it counts as available' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l progress-deadline -d 'Seconds one VM may take before it counts as failed' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l failure-threshold -d 'Failed VMs after which the operation stops' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l probe -d 'Health gate besides Ready: `tcp:PORT` (a connection is accepted) or `http:PORT/PATH` (2xx/3xx) against the VMI\'s address, checked on every pass until the VM is done' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l wait -d 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l timeout -d 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l lease-duration -d 'Seconds the operation\'s Lease lasts without renewal: how long another client waits before taking over from one that died' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l cause -d 'Cause recorded in the history (default: the command line)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l grace-period -d 'stop: seconds the guest gets to shut down (KubeVirt\'s StopOptions.gracePeriod)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l dry-run -d 'Print the plan per VM; change nothing'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -s y -l yes -d 'Do not ask for confirmation'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -l allow-restart -d 'migrate: restart the VMs that cannot live-migrate instead of leaving them alone'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and not __fish_seen_subcommand_from pause resume abort history help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -l wait -d 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -l timeout -d 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -l wait -d 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -l timeout -d 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -l wait -d 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -l timeout -d 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from abort" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from history" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from history" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from history" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from history" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from history" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from history" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from history" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from help" -f -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from help" -f -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand restart; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l max-unavailable -d 'VMs that may be unavailable (or in flight) at once (count or percentage)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l min-ready -d 'Seconds a VM must stay Ready before it counts as available' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l progress-deadline -d 'Seconds one VM may take before it counts as failed' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l failure-threshold -d 'Failed VMs after which the operation stops' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l probe -d 'Health gate besides Ready: `tcp:PORT` (a connection is accepted) or `http:PORT/PATH` (2xx/3xx) against the VMI\'s address, checked on every pass until the VM is done' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l wait -d 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l timeout -d 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l lease-duration -d 'Seconds the operation\'s Lease lasts without renewal: how long another client waits before taking over from one that died' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l cause -d 'Cause recorded in the history (default: the command line)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l grace-period -d 'stop: seconds the guest gets to shut down (KubeVirt\'s StopOptions.gracePeriod)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l dry-run -d 'Print the plan per VM; change nothing'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -s y -l yes -d 'Do not ask for confirmation'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -l allow-restart -d 'migrate: restart the VMs that cannot live-migrate instead of leaving them alone'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and not __fish_seen_subcommand_from pause resume abort history help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -l wait -d 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -l timeout -d 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -l wait -d 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -l timeout -d 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -s l -l selector -d 'Label selector of the VMs (e.g. app=web,tier!=db)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -l wait -d 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -l timeout -d 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from abort" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from history" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from history" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from history" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from history" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from history" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from history" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from history" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l max-unavailable -d 'VMs that may be unavailable (or in flight) at once (count or percentage)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l min-ready -d 'Seconds a VM must stay Ready before it counts as available' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l progress-deadline -d 'Seconds one VM may take before it counts as failed' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l failure-threshold -d 'Failed VMs after which the operation stops' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l probe -d 'Health gate besides Ready: `tcp:PORT` (a connection is accepted) or `http:PORT/PATH` (2xx/3xx) against the VMI\'s address, checked on every pass until the VM is done' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l wait -d 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l timeout -d 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l lease-duration -d 'Seconds the operation\'s Lease lasts without renewal: how long another client waits before taking over from one that died' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l cause -d 'Cause recorded in the history (default: the command line)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l cordon -d 'Mark the node unschedulable first (`kubectl cordon`), so nothing comes back'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l allow-restart -d 'Restart elsewhere the VMs that cannot live-migrate instead of leaving them there'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -l dry-run -d 'Print the plan per VM; change nothing'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -s y -l yes -d 'Do not ask for confirmation'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -a "pause" -d 'Pause the evacuation of NODE'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -a "resume" -d 'Resume it (or go on with one whose client died)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -a "abort" -d 'Stop it; its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -a "history" -d 'List the ended evacuations of the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and not __fish_seen_subcommand_from pause resume abort history help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -l wait -d 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -l timeout -d 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from pause" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -l wait -d 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -l timeout -d 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from resume" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -l wait -d 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)' -r -f -a "true\t''
false\t''"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -l timeout -d 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from abort" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from history" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from history" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from history" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from history" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from history" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from history" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from history" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from history" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from history" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from history" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from help" -f -a "pause" -d 'Pause the evacuation of NODE'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from help" -f -a "resume" -d 'Resume it (or go on with one whose client died)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from help" -f -a "abort" -d 'Stop it; its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from help" -f -a "history" -d 'List the ended evacuations of the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand evacuate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand completion" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand completion" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand completion" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand completion" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand completion" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand completion" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand completion" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand completion" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand completion" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand completion" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand version" -l kubeconfig -d 'Path to the kubeconfig file to use for CLI requests' -r -F
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand version" -l context -d 'The name of the kubeconfig context to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand version" -l cluster -d 'The name of the kubeconfig cluster to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand version" -l user -d 'The name of the kubeconfig user to use' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand version" -l request-timeout -d 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand version" -s n -l namespace -d 'Namespace written into generated objects (and used for cluster requests)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand version" -s o -l output -d 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)' -r -f -a "yaml\t''
json\t''
name\t''
wide\t''
plan\t'The per-VM plan file (`preview -o plan`; see `--plan`)'"
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand version" -s v -l v -l verbosity -d 'Log level, as kubectl\'s -v (0 prints warnings and errors only)' -r
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand version" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand version" -s V -l version -d 'Print version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply upload lint roll status pool start stop restart migrate evacuate completion version help" -f -a "import" -d 'Convert VM specs into KubeVirt manifests (YAML on stdout, or a folder with --output-dir)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply upload lint roll status pool start stop restart migrate evacuate completion version help" -f -a "preview" -d 'Show what would be created for VM specs: a summary table and warnings, or the objects'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply upload lint roll status pool start stop restart migrate evacuate completion version help" -f -a "assess" -d 'Judge migration readiness: a per-VM table of Critical / Warning / Information concerns'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply upload lint roll status pool start stop restart migrate evacuate completion version help" -f -a "apply" -d 'Server-side apply VM specs (converted on the fly) or generated manifests to the cluster'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply upload lint roll status pool start stop restart migrate evacuate completion version help" -f -a "upload" -d 'Upload the source\'s disk images into the DataVolumes apply created (CDI upload)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply upload lint roll status pool start stop restart migrate evacuate completion version help" -f -a "lint" -d 'Would KubeVirt admit these manifests? Offline schema and admission check (exit 1 if not)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply upload lint roll status pool start stop restart migrate evacuate completion version help" -f -a "roll" -d 'Roll a change out over running VMs within a disruption budget; steer it with subcommands'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply upload lint roll status pool start stop restart migrate evacuate completion version help" -f -a "status" -d 'Why VMs are not Ready: status, node, disks and the ranked reasons, with the chain behind them'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply upload lint roll status pool start stop restart migrate evacuate completion version help" -f -a "pool" -d 'Cattle mode: a VirtualMachinePool of identical replicas from one golden VM'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply upload lint roll status pool start stop restart migrate evacuate completion version help" -f -a "start" -d 'Start VMs (by selector or name) through KubeVirt, within a budget'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply upload lint roll status pool start stop restart migrate evacuate completion version help" -f -a "stop" -d 'Stop VMs as KubeVirt\'s run strategies expect, within a budget'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply upload lint roll status pool start stop restart migrate evacuate completion version help" -f -a "restart" -d 'Restart VMs within a budget'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply upload lint roll status pool start stop restart migrate evacuate completion version help" -f -a "migrate" -d 'Live-migrate VMs within a budget; those that cannot migrate are reported'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply upload lint roll status pool start stop restart migrate evacuate completion version help" -f -a "evacuate" -d 'Move every VM off a node within a budget (migrate, or restart with --allow-restart)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply upload lint roll status pool start stop restart migrate evacuate completion version help" -f -a "completion" -d 'Print a shell completion script (bash, zsh, fish or powershell)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply upload lint roll status pool start stop restart migrate evacuate completion version help" -f -a "version" -d 'Print the plugin version'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and not __fish_seen_subcommand_from import preview assess apply upload lint roll status pool start stop restart migrate evacuate completion version help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from roll" -f -a "status" -d 'Show a rollout: revision, counts, per-VM action and state (exit 1 when it failed). Without -l or names: every rollout of the namespace (with -A, of all namespaces)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from roll" -f -a "pause" -d 'Pause a rollout (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from roll" -f -a "resume" -d 'Resume a paused or interrupted rollout (also passes a canary pause)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from roll" -f -a "abort" -d 'Stop a rollout; with --rollback, return the VMs it touched to their previous objects'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from roll" -f -a "history" -d 'List the revisions with their change cause'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from roll" -f -a "undo" -d 'Return the VMs touched by the last revision (or by every revision after N) to their objects at the previous revision (or at revision N)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from pool" -f -a "create" -d 'Make a VirtualMachinePool of identical replicas from one golden VM spec'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from start" -f -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from start" -f -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from start" -f -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from start" -f -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from stop" -f -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from stop" -f -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from stop" -f -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from stop" -f -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from restart" -f -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from restart" -f -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from restart" -f -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from restart" -f -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "pause" -d 'Pause the operation (VMs in flight finish; nothing new starts)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "resume" -d 'Resume a paused operation, or go on with one whose client died'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "abort" -d 'Stop the operation (VMs in flight finish); its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "history" -d 'List the ended operations of this verb in the namespace'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from evacuate" -f -a "pause" -d 'Pause the evacuation of NODE'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from evacuate" -f -a "resume" -d 'Resume it (or go on with one whose client died)'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from evacuate" -f -a "abort" -d 'Stop it; its client exits with 4'
complete -c kubectl-vmmigrate -n "__fish_kubectl_vmmigrate_using_subcommand help; and __fish_seen_subcommand_from evacuate" -f -a "history" -d 'List the ended evacuations of the namespace'
