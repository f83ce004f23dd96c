from django.contrib import admin

from .models import OutboxEmail


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    list_display = ["key", "recipient", "subject", "status", "created_at", "sent_at"]
    list_filter = ["status"]
    search_fields = ["key", "recipient"]
    readonly_fields = [field.name for field in OutboxEmail._meta.fields]
