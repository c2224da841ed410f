# One image per service: docker build --build-arg SERVICE=Generation -t benchgen-generation .
# Not built on the development machines (no Docker engine there); kept in step with scripts/ensure-deps.sh.
FROM mcr.microsoft.com/dotnet/sdk:10.0-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev libmujoco-dev libosmesa6-dev && rm -rf /var/lib/apt/lists/*
ARG SERVICE
WORKDIR /src
COPY . .
RUN dotnet publish services/Benchgen.${SERVICE}.Host/Benchgen.${SERVICE}.Host.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libmujoco2.2.2 libosmesa6 bubblewrap python3 util-linux && rm -rf /var/lib/apt/lists/*
ARG SERVICE
ENV SERVICE_DLL=Benchgen.${SERVICE}.Host.dll ASPNETCORE_URLS=http://+:8080
WORKDIR /app
COPY --from=build /app .
EXPOSE 8080
ENTRYPOINT ["sh", "-c", "exec dotnet $SERVICE_DLL"]
