// The parts of the Docker Engine API's JSON (also spoken by Podman's compat API) that mikrocloud
// reads. Described here rather than taken from @types/dockerode so that no third-party type
// crosses the package boundary, and every field is optional as engines differ.

/** One entry of `GET /containers/json`. */
export interface EngineContainerSummary {
  Id: string;
  Names?: string[] | null;
  Image?: string;
  ImageID?: string;
  Created?: number;
  State?: string;
  Status?: string;
  Ports?: EngineListPort[] | null;
  Labels?: Record<string, string> | null;
}

/** A port as `GET /containers/json` lists it. Podman leaves `IP` out. */
export interface EngineListPort {
  IP?: string;
  PrivatePort: number;
  PublicPort?: number;
  Type?: string;
}

/** `HostConfig.PortBindings`: `{"80/tcp": [{"HostIp": "", "HostPort": "8080"}]}`. */
export type EnginePortBindings = Record<string, Array<{ HostIp?: string; HostPort?: string }> | null>;

/** `GET /containers/{id}/json`. */
export interface EngineContainerInspect {
  Id: string;
  Name?: string;
  Created?: string;
  Image?: string;
  RestartCount?: number;
  State?: {
    Status?: string;
    Running?: boolean;
    Paused?: boolean;
    Restarting?: boolean;
    ExitCode?: number;
    StartedAt?: string;
    FinishedAt?: string;
    Health?: EngineHealth | null;
  };
  Config?: {
    Image?: string;
    Hostname?: string;
    User?: string;
    Env?: string[] | null;
    Cmd?: string[] | string | null;
    Entrypoint?: string[] | string | null;
    WorkingDir?: string;
    Tty?: boolean;
    Labels?: Record<string, string> | null;
    Healthcheck?: EngineHealthConfig | null;
  };
  HostConfig?: {
    PortBindings?: EnginePortBindings | null;
    RestartPolicy?: { Name?: string; MaximumRetryCount?: number } | null;
    Mounts?: EngineMount[] | null;
    Tmpfs?: Record<string, string> | null;
  } & EngineResourceFields;
  Mounts?: EngineMountPoint[] | null;
  NetworkSettings?: { Networks?: Record<string, EngineEndpoint> | null } | null;
}

/** `GET /images/{name}/json`. */
export interface EngineImageInspect {
  Id: string;
  RepoTags?: string[] | null;
  Size?: number;
  Created?: string;
  Config?: { Labels?: Record<string, string> | null; Env?: string[] | null } | null;
}

/** `GET /version`. */
export interface EngineVersion {
  Version?: string;
  ApiVersion?: string;
  MinAPIVersion?: string;
  Os?: string;
  Arch?: string;
  KernelVersion?: string;
  Components?: Array<{ Name?: string; Version?: string; Details?: Record<string, unknown> }>;
}

/** `GET /info`. */
export interface EngineInfo {
  OSType?: string;
  Architecture?: string;
  KernelVersion?: string;
  NCPU?: number;
  MemTotal?: number;
  CgroupVersion?: string;
  Driver?: string;
  SecurityOptions?: string[] | null;
  ServerVersion?: string;
  OperatingSystem?: string;
}

/** The body of `POST /containers/create`. */
export interface EngineCreateBody {
  Image: string;
  Env?: string[];
  Cmd?: string[];
  Entrypoint?: string[];
  WorkingDir?: string;
  Tty?: boolean;
  Labels: Record<string, string>;
  ExposedPorts: Record<string, Record<string, never>>;
  HostConfig: {
    PortBindings: Record<string, Array<{ HostIp: string; HostPort: string }>>;
    RestartPolicy?: { Name: string; MaximumRetryCount?: number };
    Memory?: number;
    MemorySwap?: number;
    NanoCpus?: number;
    PidsLimit?: number;
    Mounts?: EngineMount[];
    NetworkMode?: string;
  };
  NetworkingConfig?: { EndpointsConfig: Record<string, EngineEndpoint> };
  Healthcheck?: EngineHealthConfig;
}

/** A mount of `HostConfig.Mounts`, as created and (on Docker) as inspected. */
export interface EngineMount {
  Type: 'volume' | 'bind' | 'tmpfs';
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
  TmpfsOptions?: { SizeBytes?: number };
  BindOptions?: { Propagation?: string };
}

/** One entry of an inspect's top-level `Mounts`: what is mounted, resolved. */
export interface EngineMountPoint {
  Type?: string;
  Name?: string;
  Source?: string;
  Destination?: string;
  RW?: boolean;
}

/** A container's endpoint on one network (`NetworkSettings.Networks.<name>`, `EndpointsConfig.<name>`). */
export interface EngineEndpoint {
  Aliases?: string[] | null;
  IPAddress?: string;
}

/** `GET /volumes/{name}`, and each of `GET /volumes`'s `Volumes`. */
export interface EngineVolume {
  Name: string;
  Driver?: string;
  Mountpoint?: string;
  Labels?: Record<string, string> | null;
  CreatedAt?: string;
}

/** `GET /networks/{id}`, and each entry of `GET /networks`. */
export interface EngineNetwork {
  Id: string;
  Name: string;
  Driver?: string;
  Internal?: boolean;
  Labels?: Record<string, string> | null;
  Created?: string;
  /** The containers on it, by id (Docker: running ones only). */
  Containers?: Record<string, unknown> | null;
}

/** The limits of `HostConfig` as inspect reports them (null or 0: none). */
export interface EngineResourceFields {
  Memory?: number | null;
  MemorySwap?: number | null;
  NanoCpus?: number | null;
  CpuQuota?: number | null;
  CpuPeriod?: number | null;
  PidsLimit?: number | null;
}

/** `Config.Healthcheck`: durations in nanoseconds. */
export interface EngineHealthConfig {
  Test?: string[] | null;
  Interval?: number;
  Timeout?: number;
  Retries?: number;
  StartPeriod?: number;
}

/** `State.Health`. */
export interface EngineHealth {
  Status?: string;
  FailingStreak?: number;
  Log?: Array<{ Start?: string; End?: string; ExitCode?: number; Output?: string }> | null;
}
